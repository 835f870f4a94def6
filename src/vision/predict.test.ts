import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  arange,
  div,
  isGradEnabled,
  reshape,
  stack,
  sum,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../index.js';
import { expectClose } from '../testing/index.js';
import { ensemblePredict } from './ensemble-predict.js';
import { multiCropPredict } from './multi-crop-predict.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Logits [0, sum(crop) / 10] per crop, so P(class 1) = σ(sum / 10). */
const sumModel = (x: Tensor): Tensor => {
  assert.equal(isGradEnabled(), false, 'prediction runs without recording gradients');
  return stack([zeros([x.shape[0]!]), div(sum(x, [1, 2, 3]), 10)], 1);
};

test('ensemblePredict averages the softmax outputs of several models', () => {
  const x = zeros([1, 2]);
  const a = (): Tensor => tensor([[0, 0]]); // softmax [0.5, 0.5]
  const b = { forward: (): Tensor => tensor([[Math.log(3), 0]]) }; // softmax [3/4, 1/4]
  expectClose(ensemblePredict([a, b], x), [[0.625, 0.375]]);
  assert.throws(
    () => ensemblePredict([], x),
    (e: unknown) =>
      e instanceof ValueError && /ensemblePredict: models must hold at least one model/.test(e.message),
  );
});

test('multiCropPredict averages softmax over the ten crops, or uses the centre crop', () => {
  const image = reshape(arange(0, 9, 1, { dtype: 'float32' }), [1, 3, 3]);
  // 2×2 crop sums: corners 8, 12, 20, 24, centre 8; of the mirror image 12, 8, 24, 20, centre 12.
  const sums = [8, 12, 20, 24, 8, 12, 8, 24, 20, 12];
  const p1 = sums.reduce((t, v) => t + sigmoid(v / 10), 0) / 10;
  expectClose(multiCropPredict(sumModel, image, { size: 2 }), [1 - p1, p1]);
  // Centre crop (top-left for 3 → 2): sum 8.
  expectClose(multiCropPredict(sumModel, image, { size: 2, crops: 'center' }), [
    1 - sigmoid(0.8),
    sigmoid(0.8),
  ]);
  const batch = stack([image, zeros([1, 3, 3])]);
  expectClose(multiCropPredict(sumModel, batch, { size: 2 }), [
    [1 - p1, p1],
    [0.5, 0.5],
  ]);
  assert.throws(
    () => multiCropPredict(sumModel, zeros([3, 3]), { size: 2 }),
    /multiCropPredict: image must be \[channels, H, W\]/,
  );
});
