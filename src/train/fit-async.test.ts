import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataLoader } from '../data/data-loader.js';
import { TensorDataset } from '../data/dataset.js';
import '../ops/index.js';
import { linspace, tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback } from './callbacks/callback.js';
import { TerminateOnNaN } from './callbacks/terminate-on-nan.js';
import { fit, fitAsync } from './fit.js';
import { mse, TinyLinear, TinyMomentum } from './test-fixtures.js';

// y = 2x + 1 on 8 points in [−1, 1].
function regression(n = 8) {
  const x = linspace(-1, 1, n).reshape([n, 1]);
  return new TensorDataset(x, x.mul(2).add(1));
}
const silent = { isTTY: false, write: () => {} };

test('every callback gets the same batch index, the progress bar too', () => {
  // Batch 4 (the fifth) has a NaN target; before the fix the progress bar and the spy each
  // advanced a shared counter, so TerminateOnNaN saw index 9 (reported "batch 10").
  const batches = Array.from({ length: 6 }, (_, i) => [tensor([[1]]), tensor([[i === 4 ? Number.NaN : 2]])]);
  const seen: number[] = [];
  const spy: Callback = { onBatchEnd: (b) => void seen.push(b) };
  const stop = new TerminateOnNaN();
  const model = new TinyLinear([[0]], [0]);
  fit(model, {
    loss: mse,
    optimizer: new TinyMomentum(model.parameters(), { lr: 0.01 }),
    train: batches,
    epochs: 1,
    callbacks: [spy, stop],
    verbose: 1,
    stream: silent,
  });
  assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  assert.deepEqual(stop.stoppedAt, { epoch: 0, batch: 4 });
});

test('onTrainEnd runs when training throws, then the error propagates', () => {
  const events: string[] = [];
  const model = new TinyLinear([[0]], [0]);
  const options = {
    loss: mse,
    optimizer: new TinyMomentum(model.parameters(), { lr: 0.01 }),
    train: [[tensor([[1]]), tensor([[2]])]],
    epochs: 1,
    verbose: 0 as const,
    callbacks: [
      {
        onBatchEnd: () => {
          throw new Error('disk full');
        },
        onTrainEnd: () => void events.push('trainEnd'),
      },
    ],
  };
  assert.throws(() => fit(model, options), /disk full/);
  assert.deepEqual(events, ['trainEnd']);
  return assert.rejects(fitAsync(model, options), /disk full/).then(() => {
    assert.deepEqual(events, ['trainEnd', 'trainEnd']);
  });
});

test('fitAsync trains exactly as fit does, from an async iterable, yielding between steps', async () => {
  const run = async (useAsync: boolean) => {
    const model = new TinyLinear([[0.5]], [0]);
    const optimizer = new TinyMomentum(model.parameters(), { lr: 0.05 });
    const loader = new DataLoader(regression(), { batchSize: 2, shuffle: true, generator: new Generator(3) });
    const options = { loss: mse, optimizer, epochs: 3, verbose: 0 as const };
    if (!useAsync) {
      const validation = new DataLoader(regression(), {
        batchSize: 2,
        shuffle: true,
        generator: new Generator(9),
      });
      return { model, history: fit(model, { ...options, train: loader, validation }) };
    }
    // Async batches without a length, re-iterable each epoch, as a stream of files would be.
    const stream: AsyncIterable<Tensor[]> = {
      async *[Symbol.asyncIterator]() {
        for (const b of loader) yield b;
      },
    };
    const validation: AsyncIterable<Tensor[]> = {
      async *[Symbol.asyncIterator]() {
        yield* new DataLoader(regression(), { batchSize: 2, shuffle: true, generator: new Generator(9) });
      },
    };
    // The step each timer-like task saw: such a task runs only when fitAsync gives the event
    // loop a turn, so with a turn after every step it sees 1, 2, ..., 12 (4 batches × 3 epochs).
    const stepsSeen: number[] = [];
    const probe: Callback = {
      onBatchEnd: (_b, _logs, loop) => {
        const step = loop.step;
        setImmediate(() => stepsSeen.push(step));
      },
    };
    const history = await fitAsync(model, { ...options, train: stream, validation, callbacks: [probe] });
    assert.deepEqual(stepsSeen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    return { model, history };
  };
  const a = await run(false);
  const b = await run(true);
  // The same batches in the same order: the same weights and losses, bit for bit.
  assert.deepEqual(b.history.get('loss'), a.history.get('loss'));
  assert.deepEqual(
    [...b.model.weight.data(), ...b.model.bias.data()],
    [...a.model.weight.data(), ...a.model.bias.data()],
  );
  assert.equal(b.history.epochs[2]!.valLoss!.toFixed(6), a.history.epochs[2]!.valLoss!.toFixed(6));
});
