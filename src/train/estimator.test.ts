import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataLoader } from '../data/data-loader.js';
import { TensorDataset } from '../data/dataset.js';
import { ValueError } from '../errors.js';
import '../ops/index.js';
import { linspace, tensor } from '../tensor/creation.js';
import { Estimator, type EstimatorMode, minimize } from './estimator.js';
import { mse, TinyLinear, TinyMomentum } from './test-fixtures.js';

function setup() {
  const model = new TinyLinear([[0]], [0]);
  const optimizer = new TinyMomentum(model.parameters(), { lr: 0.05 });
  const modes: EstimatorMode[] = [];
  const estimator = new Estimator({
    modelFn: (x, y, mode) => {
      modes.push(mode);
      const predictions = model.forward(x);
      if (mode === 'PREDICT') return { predictions };
      const loss = mse(predictions, y!);
      return { predictions, loss, trainOp: minimize(optimizer, loss) };
    },
    metrics: { count: (p) => p.size },
  });
  return { model, estimator, modes };
}

// y = 2x + 1 on 16 points.
const x = linspace(-1, 1, 16).reshape([16, 1]);
const input = () => new DataLoader(new TensorDataset(x, x.mul(2).add(1)), { batchSize: 4 });

test('train runs `steps` batches, re-reading the input; evaluate and predict', () => {
  const { estimator, modes } = setup();
  const before = estimator.evaluate(input).loss!;
  estimator.train(input, 200);
  assert.equal(estimator.globalStep, 200);
  const after = estimator.evaluate(input);
  assert.ok(after.loss! < 1e-3 && after.loss! < before, `loss ${after.loss}`);
  assert.equal(after.count, 4);
  assert.equal(after.globalStep, 200);
  const preds = estimator.predict(() => [[tensor([[0], [1]])]]);
  assert.deepEqual(preds.shape, [2, 1]);
  assert.ok(Math.abs(preds.data()[1]! - 3) < 0.05);
  assert.deepEqual(new Set(modes), new Set(['EVAL', 'TRAIN', 'PREDICT']));
});

test('train without steps makes one pass; errors name the method', () => {
  const { estimator } = setup();
  estimator.train(input);
  assert.equal(estimator.globalStep, 4);
  assert.throws(
    () => estimator.train(() => [], 3),
    new ValueError('Estimator.train: inputFn gave no batches'),
  );
  assert.throws(() => estimator.train(input, -1), /steps must be a non-negative integer/);
  const bare = new Estimator({ modelFn: (f) => ({ predictions: f }) });
  assert.throws(() => bare.train(input, 1), /must return loss and trainOp/);
});
