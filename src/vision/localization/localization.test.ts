import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, grad, ShapeError, tensor, ValueError } from '../../index.js';
import { expectClose } from '../../testing/index.js';
import { decodeLandmarks, decodeLocalization } from './decode-localization.js';
import { landmarkLoss } from './landmark-loss.js';
import { LandmarkHead, LocalizationHead } from './localization-head.js';
import { localizationLoss } from './localization-loss.js';
import { localizationTargets } from './localization-targets.js';

// Two images, K = 2 classes: the first holds an object of class 0, the second none.
const output = tensor([
  [0.5, 0.2, 0.3, 0.4, 0.6, 1, 0],
  [0.3, 9, 9, 9, 9, 9, 9],
]);
const target = tensor([
  [1, 0.5, 0.5, 0.5, 0.5, 1, 0],
  [0, 0, 0, 0, 0, 0, 0],
]);

test("the 'squared' form counts every term when p_c = 1 and only p_c when p_c = 0", () => {
  // Row 1: 0.25 + 0.09 + 0.04 + 0.01 + 0.01 + 0 + 0 = 0.40; row 2: 0.3² = 0.09; mean 0.245.
  expectClose(localizationLoss(output, target), 0.245);
  // The garbage 9s of the empty image get no gradient; p_c gets 2(ŷ − y)/N.
  const g = grad((o) => localizationLoss(o, target))(output);
  expectClose(g, [
    [-0.5, -0.3, -0.2, -0.1, 0.1, 0, 0],
    [0.3, 0, 0, 0, 0, 0, 0],
  ]);
});

test("the 'mixed' form: logistic p_c, squared box, cross-entropy classes", () => {
  // Row 1: softplus(−0.5) + 0.15 + ln(1 + e⁻¹) = 0.937339; row 2: softplus(0.3) = 0.854355.
  expectClose(localizationLoss(output, target, { form: 'mixed' }), 0.8958469580834284, { atol: 1e-6 });
});

test('coordWeight scales the box terms only', () => {
  // Row 1: 0.25 + 5·(0.09 + 0.04 + 0.01 + 0.01) + 0 = 1.0; row 2: 0.09; mean 0.545.
  expectClose(localizationLoss(output, target, { coordWeight: 5 }), 0.545);
  // mixed: 0.8958470 + (5 − 1)·0.15 / 2.
  expectClose(localizationLoss(output, target, { form: 'mixed', coordWeight: 5 }), 1.195847, {
    atol: 1e-6,
  });
  assert.throws(
    () => localizationLoss(output, target, { coordWeight: -1 }),
    /coordWeight must be non-negative, got -1/,
  );
});

test('landmarkLoss in both forms', () => {
  const out = tensor([
    [2, 0.1, 0.2, 0.7, 0.2],
    [-1, 5, 5, 5, 5],
  ]);
  const y = tensor([
    [1, 0.3, 0.2, 0.7, 0.4],
    [0, 0, 0, 0, 0],
  ]);
  // squared: row 1 (2 − 1)² + 0.2² + 0.2² = 1.08; row 2 (−1)² = 1; mean 1.04.
  expectClose(landmarkLoss(out, y), 1.04);
  // mixed: row 1 softplus(−2) + 0.08; row 2 softplus(−1).
  expectClose(landmarkLoss(out, y, { form: 'mixed' }), 0.2600948492805977, { atol: 1e-6 });
});

test('the losses name the op, the argument and the shapes they wanted', () => {
  assert.throws(() => localizationLoss(output, target.narrow(1, 0, 6)), ShapeError);
  assert.throws(
    () => localizationLoss(output, target.narrow(0, 0, 1)),
    /localizationLoss: output has 2 rows, target 1/,
  );
  assert.throws(
    () => landmarkLoss(tensor([[1, 2, 3, 4]]), tensor([[1, 2, 3, 4]])),
    /landmarkLoss: output must be \[N, 3\], got \[1, 4\]/,
  );
  assert.throws(() => landmarkLoss(tensor([[1, 2, 3]], { dtype: 'int32' }), tensor([[1, 2, 3]])), DTypeError);
  assert.throws(
    () => localizationLoss(output, target, { form: 'l1' as 'mixed' }),
    /form must be 'squared' or 'mixed', got 'l1'/,
  );
});

test('targets from ground truth and decoding round-trip to the same boxes', () => {
  const truth = [
    { boxes: tensor([[10, 20, 30, 60]]), labels: tensor([2], { dtype: 'int32' }) },
    { boxes: tensor([], { shape: [0, 4] }), labels: tensor([], { dtype: 'int32' }) },
  ];
  const y = localizationTargets(truth, [80, 40], 3); // height 80, width 40
  expectClose(y, [
    [1, 0.5, 0.5, 0.5, 0.5, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 0, 0],
  ]);
  const decoded = decodeLocalization(y, { imageSize: [80, 40] });
  expectClose(decoded.boxes.narrow(0, 0, 1), [[10, 20, 30, 60]]);
  assert.deepEqual([...decoded.labels.data()], [2, 0]);
  expectClose(decoded.scores, [1, 0]);
  expectClose(
    decodeLocalization(tensor([[0, 0.5, 0.5, 1, 1]]), { imageSize: 10, form: 'mixed' }).scores,
    [0.5],
  );
  assert.throws(() => localizationTargets(truth, 40, 2), /targets\[0\] has class 2, outside \[0, 2\)/);
  assert.throws(() => decodeLocalization(tensor([[1, 2]]), { imageSize: 4 }), ShapeError);
  assert.throws(() => decodeLocalization(y, { imageSize: 0 }), ValueError);
});

test('landmarks decode to pixel points; the heads have the course layout', () => {
  const { points, scores } = decodeLandmarks(tensor([[1.4, 0.5, 0.25, 1, 1]]), { imageSize: [40, 100] });
  expectClose(points, [
    [
      [50, 10],
      [100, 40],
    ],
  ]);
  expectClose(scores, [1]);
  assert.throws(() => decodeLandmarks(tensor([[1, 2]]), { imageSize: 4 }), /\[N, 1 \+ 2k\]/);
  assert.deepEqual(new LocalizationHead(8, 10).forward(tensor([[1, 2, 3, 4, 5, 6, 7, 8]])).shape, [1, 15]);
  assert.deepEqual(new LandmarkHead(8, 3).linear.weight.shape, [7, 8]);
  assert.throws(() => new LandmarkHead(8, 0), /numPoints must be a positive integer, got 0/);
});
