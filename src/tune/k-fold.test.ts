import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accuracy,
  crossEntropy,
  manualSeed,
  nn,
  optim,
  randn,
  type Tensor,
  TensorDataset,
  tensor,
  ValueError,
} from '../index.js';
import { crossValidate, kFold } from './k-fold.js';

const ids = (d: { length: number; get(i: number): Tensor[] }) =>
  Array.from({ length: d.length }, (_, i) => d.get(i)[0]!.item());

test('kFold: parts of sizes differing by at most one, each sample validated exactly once', () => {
  const data = new TensorDataset(tensor(Array.from({ length: 10 }, (_, i) => i)));
  const folds = kFold(data, 3, { seed: 1 });
  assert.deepEqual(
    folds.map((f) => [f.train.length, f.validation.length]),
    [
      [6, 4],
      [7, 3],
      [7, 3],
    ],
  );
  const validated = folds.flatMap((f) => ids(f.validation)).sort((a, b) => a - b);
  assert.deepEqual(validated, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (const f of folds) {
    const train = new Set(ids(f.train));
    for (const v of ids(f.validation)) assert.ok(!train.has(v));
  }
  // Reproducible from the seed; another seed shuffles differently.
  assert.deepEqual(ids(kFold(data, 3, { seed: 1 })[0]!.validation), ids(folds[0]!.validation));
  assert.notDeepEqual(ids(kFold(data, 3, { seed: 2 })[0]!.validation), ids(folds[0]!.validation));
});

test('stratified kFold keeps the class shares in every fold', () => {
  // 6 of class 0 and 3 of class 1: each of 3 folds gets 2 and 1.
  const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1];
  const data = new TensorDataset(tensor(labels.map((_, i) => i)), tensor(labels, { dtype: 'int32' }));
  for (const f of kFold(data, 3, { stratified: true, seed: 3 })) {
    const y = Array.from({ length: f.validation.length }, (_, i) => f.validation.get(i)[1]!.item());
    assert.deepEqual(
      y.sort((a, b) => a - b),
      [0, 0, 1],
    );
  }
  assert.throws(
    () => kFold(new TensorDataset(tensor([1, 2, 3])), 2, { stratified: true }),
    /stratified folds need a TensorDataset whose last tensor holds the labels/,
  );
  assert.throws(
    () => kFold(data, 1),
    new ValueError('kFold: k must be an integer from 2 to the dataset length 9, got 1'),
  );
});

test('crossValidate trains a fresh model per fold and gives mean ± std of the fold metrics', () => {
  manualSeed(0);
  // Linearly separable: class = x₀ > 0.
  const x = randn([40, 2]);
  const y = tensor(
    Array.from(x.data())
      .filter((_, i) => i % 2 === 0)
      .map((v) => (v > 0 ? 1 : 0)),
    { dtype: 'int32' },
  );
  let built = 0;
  const cv = crossValidate(
    () => {
      built++;
      const model = new nn.Linear(2, 2);
      return { model, optimizer: new optim.Adam(model.parameters(), { lr: 0.1 }) };
    },
    new TensorDataset(x, y),
    4,
    { loss: crossEntropy, epochs: 5, metrics: { accuracy }, batchSize: 10, stratified: true },
  );
  assert.equal(built, 4);
  assert.equal(cv.folds.length, 4);
  const accs = cv.folds.map((f) => f.accuracy!);
  const mean = accs.reduce((a, b) => a + b, 0) / 4;
  assert.ok(Math.abs(cv.mean.accuracy! - mean) < 1e-12);
  assert.ok(
    Math.abs(cv.std.accuracy! - Math.sqrt(accs.reduce((a, v) => a + (v - mean) ** 2, 0) / 4)) < 1e-12,
  );
  assert.ok(cv.mean.accuracy! > 0.8, `mean accuracy ${cv.mean.accuracy}`);
  assert.ok(Number.isFinite(cv.mean.loss));
});
