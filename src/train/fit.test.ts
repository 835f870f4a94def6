import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataLoader } from '../data/data-loader.js';
import { TensorDataset } from '../data/dataset.js';
import { ValueError } from '../errors.js';
import '../ops/index.js';
import { linspace, tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import type { Callback } from './callbacks/callback.js';
import { evaluate } from './evaluate.js';
import { fit } from './fit.js';
import { predict } from './predict.js';
import { mse, TinyLinear, TinyMomentum } from './test-fixtures.js';
import { trainStep } from './train-step.js';

// y = 2x + 1 on 32 points in [−1, 1]; a 1→1 linear model can fit it exactly.
function regression(n = 32) {
  const x = linspace(-1, 1, n).reshape([n, 1]);
  return new TensorDataset(x, x.mul(2).add(1));
}

test('trainStep: forward, loss, zeroGrad, backward, step', () => {
  const model = new TinyLinear([[0]], [0]);
  const opt = new TinyMomentum(model.parameters(), { lr: 0.1, momentum: 0 });
  // pred 0, target 2x+1 at x = 1: loss (0 − 3)² = 9; dL/dw = 2(0 − 3)·1 = −6, dL/db = −6.
  const loss = trainStep(model, mse, opt, tensor([[1]]), tensor([[3]]));
  assert.equal(loss, 9);
  expectClose(model.weight, [0.6]);
  expectClose(model.bias, [0.6]);
});

test('fit drives a linear regression below 1e-4 and logs a History', () => {
  const model = new TinyLinear([[0]], [0]);
  const optimizer = new TinyMomentum(model.parameters(), { lr: 0.05 });
  const train = new DataLoader(regression(), { batchSize: 8, shuffle: true, generator: new Generator(0) });
  const validation = new DataLoader(regression(8), { batchSize: 8 });
  const decay = {
    step: () => {
      optimizer.paramGroups[0]!.lr *= 0.95;
    },
  };
  const meanError = (p: Tensor, t: Tensor) => p.sub(t).abs().mean().item();
  const history = fit(model, {
    loss: mse,
    optimizer,
    train,
    validation,
    epochs: 40,
    metrics: { meanError },
    scheduler: decay,
    verbose: 0,
  });
  assert.equal(history.epochs.length, 40);
  const losses = history.get('loss');
  assert.ok(losses[39]! < 1e-4, `final loss ${losses[39]}`);
  assert.ok(losses[39]! < losses[0]!);
  assert.ok(history.epochs[39]!.valLoss! < 1e-4);
  assert.ok(history.epochs[39]!.valMeanError! < 1e-2);
  expectClose(history.get('lr').slice(0, 2), [0.05, 0.05 * 0.95]);
  assert.deepEqual(history.keys(), ['loss', 'meanError', 'valLoss', 'valMeanError', 'lr']);
  expectClose(model.weight, [2], { atol: 1e-2 });
  expectClose(model.bias, [1], { atol: 1e-2 });
  assert.equal(model.training, true, 'fit leaves the model in training mode');
});

test('callbacks see every hook in order and can stop training', () => {
  const events: string[] = [];
  const spy: Callback = {
    onTrainBegin: () => events.push('trainBegin'),
    onEpochBegin: (e) => events.push(`epochBegin ${e}`),
    onBatchEnd: (b, _logs, loop) => {
      events.push(`batchEnd ${b}`);
      if (loop.epoch === 1 && b === 0) loop.stopTraining = true;
    },
    onEpochEnd: (e, logs) => events.push(`epochEnd ${e} ${Object.keys(logs).join(',')}`),
    onTrainEnd: () => events.push('trainEnd'),
  };
  const model = new TinyLinear([[0]], [0]);
  const history = fit(model, {
    loss: mse,
    optimizer: new TinyMomentum(model.parameters(), { lr: 0.01 }),
    train: new DataLoader(regression(4), { batchSize: 2 }),
    epochs: 5,
    callbacks: [spy],
    verbose: 0,
  });
  assert.deepEqual(events, [
    'trainBegin',
    'epochBegin 0',
    'batchEnd 0',
    'batchEnd 1',
    'epochEnd 0 loss,lr',
    'epochBegin 1',
    'batchEnd 0',
    'epochEnd 1 loss,lr',
    'trainEnd',
  ]);
  assert.equal(history.epochs.length, 2);
});

test('a batch scheduler steps once per batch', () => {
  const model = new TinyLinear([[0]], [0]);
  let steps = 0;
  fit(model, {
    loss: mse,
    optimizer: new TinyMomentum(model.parameters(), { lr: 0.01 }),
    train: new DataLoader(regression(6), { batchSize: 2 }),
    epochs: 2,
    scheduler: { step: () => void steps++ },
    schedulerStep: 'batch',
    verbose: 0,
  });
  assert.equal(steps, 6);
  assert.throws(
    () =>
      fit(model, {
        loss: mse,
        optimizer: new TinyMomentum([], { lr: 1 }),
        train: [],
        epochs: -1,
        verbose: 0,
      }),
    new ValueError('fit: epochs must be a non-negative integer, got -1'),
  );
});

test('evaluate: eval mode, sample-weighted means; predict in batches', () => {
  const model = new TinyLinear([[1]], [0]);
  // batches of 2 and 1 with errors (pred − target)² = 1, 1 | 4: the weighted mean is 6/3 = 2.
  const data = new TensorDataset(tensor([[0], [1], [2]]), tensor([[1], [0], [4]]));
  let modes: boolean[] = [];
  const watch = (p: Tensor) => {
    modes.push(model.training);
    return p.size;
  };
  const logs = evaluate(model, new DataLoader(data, { batchSize: 2 }), { loss: mse, metrics: { watch } });
  assert.deepEqual(logs, { loss: 2, watch: 5 / 3 }); // sizes 2 and 1: (2·2 + 1·1) / 3
  assert.deepEqual(modes, [false, false]);
  assert.equal(model.training, true);
  modes = [];
  const out = predict(model, tensor([[1], [2], [3]]), { batchSize: 2 });
  assert.deepEqual(out.toArray(), [[1], [2], [3]]);
  assert.equal(out.requiresGrad, false);
  assert.throws(
    () => predict(model, tensor([[1]]), { batchSize: 0 }),
    /batchSize must be a positive integer/,
  );
});
