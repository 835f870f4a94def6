import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataLoader } from '../../data/data-loader.js';
import { TensorDataset } from '../../data/dataset.js';
import { ValueError } from '../../errors.js';
import '../../ops/index.js';
import { tensor } from '../../tensor/creation.js';
import { loadCheckpoint } from '../checkpoint.js';
import { fit } from '../fit.js';
import { History } from '../history.js';
import { mse, TinyLinear, TinyMomentum } from '../test-fixtures.js';
import type { Logs } from '../types.js';
import type { Callback, TrainingLoop } from './callback.js';
import { EarlyStopping } from './early-stopping.js';
import { HistoryLogger } from './history-logger.js';
import { LearningRateScheduler } from './learning-rate-scheduler.js';
import { ModelCheckpoint } from './model-checkpoint.js';
import { ProgressBarCallback } from './progress-bar-callback.js';
import { TerminateOnNaN } from './terminate-on-nan.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-callbacks-'));
const data = () =>
  new DataLoader(new TensorDataset(tensor([[1], [2]]), tensor([[2], [4]])), { batchSize: 1 });

function setup() {
  const model = new TinyLinear([[0]], [0]);
  return { model, optimizer: new TinyMomentum(model.parameters(), { lr: 0.01 }) };
}

// Replaces the epoch's valLoss by a scripted value and sets the weight to 10·epoch, so the
// test knows which epoch's weights end up in the model.
function script(valLosses: number[]): Callback {
  return {
    onEpochEnd: (epoch: number, logs: Logs, loop: TrainingLoop) => {
      logs.valLoss = valLosses[epoch]!;
      (loop.model as TinyLinear).weight.data()[0] = 10 * epoch;
    },
  };
}

test('EarlyStopping stops after `patience` epochs without improvement and restores the best weights', () => {
  const { model, optimizer } = setup();
  // best at epoch 1 (4.0); epochs 2 and 3 do not beat it by minDelta 0.1 (3.95 is within it).
  const stopper = new EarlyStopping({ patience: 2, minDelta: 0.1, restoreBestWeights: true });
  const history = fit(model, {
    loss: mse,
    optimizer,
    train: data(),
    epochs: 10,
    verbose: 0,
    callbacks: [script([5, 4, 4.5, 3.95, 1, 1]), stopper],
  });
  assert.equal(history.epochs.length, 4);
  assert.equal(stopper.stoppedEpoch, 3);
  assert.equal(stopper.bestEpoch, 1);
  assert.equal(stopper.best, 4);
  assert.equal(model.weight.data()[0], 10, 'the weights of epoch 1');
});

test('EarlyStopping: mode max, patience 0, and a missing monitor', () => {
  const { model, optimizer } = setup();
  const stopper = new EarlyStopping({ monitor: 'valLoss', mode: 'max' });
  const history = fit(model, {
    loss: mse,
    optimizer,
    train: data(),
    epochs: 10,
    verbose: 0,
    callbacks: [script([1, 2, 1.5, 3]), stopper],
  });
  assert.equal(history.epochs.length, 3);
  assert.equal(model.weight.data()[0], 20, 'without restoreBestWeights the last weights stay');
  assert.throws(
    () =>
      fit(model, {
        loss: mse,
        optimizer,
        train: data(),
        epochs: 1,
        verbose: 0,
        callbacks: [new EarlyStopping({ monitor: 'valAcc' })],
      }),
    new ValueError("EarlyStopping: monitor 'valAcc' is not logged; available: loss, lr"),
  );
  assert.throws(() => new EarlyStopping({ patience: -1 }), /patience must be a non-negative integer/);
});

test('ProgressBarCallback writes the epoch header and one final line when not a TTY', () => {
  const out: string[] = [];
  const cb = new ProgressBarCallback({
    stream: { isTTY: false, write: (s: string) => out.push(s) },
    now: () => 0,
  });
  const loop = { epochs: 3, stepsPerEpoch: 2 } as TrainingLoop;
  cb.onEpochBegin(0, loop);
  cb.onBatchEnd(0, { loss: 1 });
  cb.onBatchEnd(1, { loss: 0.5 });
  cb.onEpochEnd(0, { loss: 0.5, accuracy: 0.75, valLoss: 0.6, valAccuracy: 0.7, lr: 0.1 });
  assert.deepEqual(out, [
    'Epoch 1/3\n',
    '2/2 [==============================] - 0ms 0us/step - loss: 0.5000 - accuracy: 0.7500 - valLoss: 0.6000 - valAccuracy: 0.7000\n',
  ]);
});

test('fit verbose 2 prints one line per epoch; a loader without length still gets its line', () => {
  const out: string[] = [];
  const { model, optimizer } = setup();
  const stream = { isTTY: true, write: (s: string) => out.push(s) };
  const batches = [[tensor([[1]]), tensor([[2]])]];
  fit(model, { loss: mse, optimizer, train: batches, epochs: 2, verbose: 2, stream });
  assert.equal(out.length, 4);
  assert.equal(out[0], 'Epoch 1/2\n');
  assert.match(out[1]!, /^1\/1 \[=+\] - \S+ \S+\/step - loss: 4\.0000\n$/); // (0 − 2)² = 4
  assert.equal(out[2], 'Epoch 2/2\n');
});

test('ModelCheckpoint writes a loadable checkpoint, only on improvement with saveBestOnly', () => {
  const { model, optimizer } = setup();
  const path = join(dir, 'best-{epoch}.safetensors');
  const saver = new ModelCheckpoint({ path, saveBestOnly: true });
  fit(model, {
    loss: mse,
    optimizer,
    train: data(),
    epochs: 3,
    verbose: 0,
    callbacks: [script([3, 1, 2]), saver],
  });
  assert.equal(saver.best, 1);
  const fresh = setup();
  const { epoch, extra } = loadCheckpoint(join(dir, 'best-2.safetensors'), fresh);
  assert.equal(epoch, 2);
  assert.equal((extra as { logs: Logs }).logs.valLoss, 1);
  assert.equal(fresh.model.weight.data()[0], 10);
  assert.throws(() => readFileSync(join(dir, 'best-3.safetensors')), /ENOENT/);
});

test('LearningRateScheduler: a function sets lr each epoch; an object is stepped', () => {
  const { model, optimizer } = setup();
  const history = fit(model, {
    loss: mse,
    optimizer,
    train: data(),
    epochs: 3,
    verbose: 0,
    callbacks: [new LearningRateScheduler((epoch, lr) => (epoch === 0 ? lr : lr / 2))],
  });
  assert.deepEqual(history.get('lr'), [0.01, 0.005, 0.0025]);
  let steps = 0;
  fit(model, {
    loss: mse,
    optimizer,
    train: data(),
    epochs: 3,
    verbose: 0,
    callbacks: [new LearningRateScheduler({ step: () => void steps++ })],
  });
  assert.equal(steps, 3);
});

test('TerminateOnNaN stops (or throws) when the loss is not finite', () => {
  const { model, optimizer } = setup();
  const nanData = [
    [tensor([[1]]), tensor([[Number.NaN]])],
    [tensor([[1]]), tensor([[1]])],
  ];
  const stop = new TerminateOnNaN();
  const history = fit(model, {
    loss: mse,
    optimizer,
    train: nanData,
    epochs: 3,
    verbose: 0,
    callbacks: [stop],
  });
  assert.equal(history.epochs.length, 1);
  assert.deepEqual(stop.stoppedAt, { epoch: 0, batch: 0 });
  assert.throws(
    () =>
      fit(model, {
        loss: mse,
        optimizer,
        train: nanData,
        epochs: 3,
        verbose: 0,
        callbacks: [new TerminateOnNaN({ mode: 'throw' })],
      }),
    new ValueError('TerminateOnNaN: the loss is NaN at epoch 1, batch 1'),
  );
});

test('HistoryLogger writes CSV and JSON', () => {
  const history = new History();
  history.epochs.push({ loss: 0.5, lr: 0.1 }, { loss: 0.25, lr: 0.1, valLoss: 0.3 });
  const loop = { history } as TrainingLoop;
  const csv = join(dir, 'history.csv');
  new HistoryLogger({ path: csv }).onEpochEnd(1, {}, loop);
  assert.equal(readFileSync(csv, 'utf8'), 'epoch,loss,lr,valLoss\n1,0.5,0.1,\n2,0.25,0.1,0.3\n');
  const json = join(dir, 'history.json');
  new HistoryLogger({ path: json }).onEpochEnd(1, {}, loop);
  assert.deepEqual(JSON.parse(readFileSync(json, 'utf8')), [
    { epoch: 1, loss: 0.5, lr: 0.1 },
    { epoch: 2, loss: 0.25, lr: 0.1, valLoss: 0.3 },
  ]);
});
