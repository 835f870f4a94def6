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

test('stateDict mid-pass: a fresh loader continues the same pass, then the same next pass', () => {
  const make = (seed: number) =>
    new DataLoader(data(), { batchSize: 2, shuffle: true, generator: new Generator(seed) });
  const labels = (b: unknown) => [...(b as ReturnType<typeof data>['tensors'])[1]!.data()];
  const whole = make(0);
  const expected = [...[...whole].map(labels), ...[...whole].map(labels)];
  const a = make(0);
  const it = a[Symbol.iterator]();
  const first = labels(it.next().value);
  const state = a.stateDict();
  assert.equal(state.position, 1);
  assert.equal(state.order!.length, 5);
  const b = make(99);
  b.loadStateDict(JSON.parse(JSON.stringify(state)));
  assert.deepEqual([first, ...[...b].map(labels), ...[...b].map(labels)], expected);
  // Between passes the order is null and only the generator is kept.
  assert.deepEqual(b.stateDict().order, null);
});

test('loadStateDict refuses a bad state before changing anything', () => {
  const loader = new DataLoader(data(), { batchSize: 2, shuffle: true, generator: new Generator(0) });
  const good = loader.stateDict();
  for (const bad of [
    { ...good, order: [0, 1, 2, 3, 3] },
    { ...good, order: [0, 1, 2] },
    { ...good, position: 1 },
    { ...good, order: [0, 1, 2, 3, 4], position: 4 },
    { ...good, generator: [1, 2] },
  ])
    assert.throws(() => loader.loadStateDict(bad), ValueError);
  assert.deepEqual(loader.stateDict(), good);
});
