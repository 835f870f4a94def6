import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import '../ops/index.js';
import { arange, tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { DataLoader } from './data-loader.js';
import { Dataset, TensorDataset } from './dataset.js';
import { defaultCollate } from './default-collate.js';

const data = () => new TensorDataset(arange(0, 5, 1, { dtype: 'float32' }).reshape([5, 1]), arange(5));

function order(loader: DataLoader): number[] {
  return [...loader].flatMap((b) => [...b[1]!.data()]);
}

test('batches in order, with the last batch smaller unless dropLast', () => {
  const loader = new DataLoader(data(), { batchSize: 2 });
  assert.equal(loader.length, 3);
  const batches = [...loader];
  assert.deepEqual(
    batches.map((b) => b[0]!.toArray()),
    [[[0], [1]], [[2], [3]], [[4]]],
  );
  assert.equal(batches[0]![1]!.dtype, 'int32');
  const dropped = new DataLoader(data(), { batchSize: 2, dropLast: true });
  assert.equal(dropped.length, 2);
  assert.deepEqual(order(dropped), [0, 1, 2, 3]);
});

test('batch gradient descent is one batch; SGD is batches of one', () => {
  assert.equal(new DataLoader(data(), { batchSize: 5 }).length, 1);
  assert.equal(new DataLoader(data(), { batchSize: 1 }).length, 5);
});

test('shuffle draws a new permutation each epoch, the same ones for the same seed', () => {
  const a = new DataLoader(data(), { batchSize: 2, shuffle: true, generator: new Generator(7) });
  const b = new DataLoader(data(), { batchSize: 2, shuffle: true, generator: new Generator(7) });
  const epochs = [order(a), order(a), order(a)];
  assert.deepEqual([order(b), order(b), order(b)], epochs);
  for (const e of epochs) assert.deepEqual([...e].sort(), [0, 1, 2, 3, 4]);
  assert.ok(
    epochs.some((e) => e.join() !== epochs[0]!.join()),
    'epochs should differ',
  );
});

test('generic datasets are stacked by the default collate or a custom one', () => {
  class Pairs extends Dataset<[number, number]> {
    get length() {
      return 3;
    }
    get(i: number): [number, number] {
      return [i, 10 * i];
    }
  }
  const loader = new DataLoader(new Pairs(), { batchSize: 2 });
  assert.deepEqual(
    [...loader].map((b) => b.map((t) => t.toArray())),
    [
      [
        [0, 1],
        [0, 10],
      ],
      [[2], [20]],
    ],
  );
  const sums = new DataLoader(new Pairs(), { batchSize: 3, collate: (s) => s.map(([a, b]) => a + b) });
  assert.deepEqual([...sums], [[0, 11, 22]]);
  assert.deepEqual(defaultCollate([tensor([1, 2]), tensor([3, 4])])[0]!.toArray(), [
    [1, 2],
    [3, 4],
  ]);
  assert.throws(() => defaultCollate(['a']), /cannot batch samples of type string/);
});

test('async iteration yields the same batches', async () => {
  const loader = new DataLoader(data(), { batchSize: 2 });
  const seen: number[] = [];
  for await (const [, y] of loader) seen.push(...y!.data());
  assert.deepEqual(seen, [0, 1, 2, 3, 4]);
});

test('batchSize must be a positive integer', () => {
  assert.throws(
    () => new DataLoader(data(), { batchSize: 0 }),
    new ValueError('DataLoader: batchSize must be a positive integer, got 0'),
  );
});
