import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import '../ops/index.js';
import { arange } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { type Dataset, TensorDataset } from './dataset.js';
import { partSizes, randomSplit, trainDevTestSplit } from './split.js';

const ids = (n: number) => new TensorDataset(arange(n));
const values = (d: Dataset<unknown>) => [...(d as TensorDataset).tensors[0]!.data()];

test('fractions become counts that add up (largest remainder)', () => {
  assert.deepEqual(partSizes(10, [0.7, 0.3], 'f'), [7, 3]);
  assert.deepEqual(partSizes(10, [0.6, 0.2, 0.2], 'f'), [6, 2, 2]);
  assert.deepEqual(partSizes(100, [0.98, 0.01, 0.01], 'f'), [98, 1, 1]);
  // 0.29 · 100 = 28.999… in floating point; the remainder rule still gives 29.
  assert.deepEqual(partSizes(100, [0.71, 0.29], 'f'), [71, 29]);
  // 7 · 1/3 = 2.33 each, the one left over goes to the first.
  assert.deepEqual(partSizes(7, [1 / 3, 1 / 3, 1 / 3], 'f'), [3, 2, 2]);
  assert.deepEqual(partSizes(10, [8, 2], 'f'), [8, 2]);
});

test('sizes must be counts summing to n or fractions summing to 1', () => {
  assert.throws(
    () => partSizes(10, [8, 3], 'randomSplit'),
    new ValueError(
      'randomSplit: sizes [8, 3] must be counts summing to the dataset length 10 or fractions summing to 1, got a sum of 11',
    ),
  );
  assert.throws(() => partSizes(10, [0.7, 0.2], 'randomSplit'), /got a sum of 0.9/);
  assert.throws(() => partSizes(10, [-0.5, 1.5], 'randomSplit'), /non-negative/);
});

test('randomSplit partitions the samples, reproducibly', () => {
  const [a, b, c] = randomSplit(ids(10), [0.6, 0.2, 0.2], { generator: new Generator(3) });
  assert.deepEqual([a!.length, b!.length, c!.length], [6, 2, 2]);
  const all = [...values(a!), ...values(b!), ...values(c!)];
  assert.deepEqual(
    [...all].sort((x, y) => x - y),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  const again = randomSplit(ids(10), [0.6, 0.2, 0.2], { generator: new Generator(3) });
  assert.deepEqual(values(again[0]!), values(a!));
  assert.notDeepEqual(values(a!), [0, 1, 2, 3, 4, 5]);
});

test('stratify keeps class proportions in every part', () => {
  // 8 samples of class 0 and 4 of class 1 (2:1); a 50/50 split gets 4 + 2 in each half.
  const labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
  const [a, b] = randomSplit(ids(12), [0.5, 0.5], { generator: new Generator(1), stratify: labels });
  for (const part of [a!, b!]) {
    const ones = values(part).filter((i) => labels[i] === 1).length;
    assert.equal(ones, 2);
    assert.equal(part.length, 6);
  }
  assert.throws(() => randomSplit(ids(3), [1, 2], { stratify: [0, 1] }), /stratify has 2 labels/);
});

test('trainDevTestSplit: dev and test from the target, train-dev from the training mix', () => {
  // source: ids 0..19 (web); target: ids 100..109 (phone). dev 3 and test 3 phone photos,
  // the other 4 phone photos join training; train-dev is 4 of those 24.
  const source = new TensorDataset(arange(20));
  const target = new TensorDataset(arange(100, 110));
  const split = trainDevTestSplit(
    source,
    target,
    { trainDev: 4, dev: 0.3, test: 3 },
    { generator: new Generator(0) },
  );
  assert.deepEqual(
    [split.train.length, split.trainDev.length, split.dev.length, split.test.length],
    [20, 4, 3, 3],
  );
  for (const v of [...values(split.dev), ...values(split.test)]) assert.ok(v >= 100);
  const training = [...values(split.train), ...values(split.trainDev)];
  assert.equal(training.filter((v) => v >= 100).length, 4);
  const everything = [...training, ...values(split.dev), ...values(split.test)].sort((x, y) => x - y);
  assert.equal(new Set(everything).size, 30);
  assert.throws(
    () => trainDevTestSplit(source, target, { trainDev: 1, dev: 6, test: 6 }),
    new ValueError("trainDevTestSplit: dev (6) + test (6) exceed the target's 10 samples"),
  );
});
