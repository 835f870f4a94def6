import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { meanIou } from './mean-iou.js';
import { pixelAccuracy } from './pixel-accuracy.js';

const ints = (v: unknown, shape?: number[]) => tensor(v as number[], { dtype: 'int32', shape });
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `expected ${b}, got ${a}`);

// Two 2×3 images, four classes (3 never appears):
// target image 0   image 1      pred image 0   image 1
//        0 0 1     2 2 0             0 1 1     2 0 0
//        1 1 1     2 0 0             1 1 0     2 2 0
const target = ints([0, 0, 1, 1, 1, 1, 2, 2, 0, 2, 0, 0], [2, 2, 3]);
const pred = ints([0, 1, 1, 1, 1, 0, 2, 0, 0, 2, 2, 0], [2, 2, 3]);
// Confusion (row = true, column = predicted):
//        0  1  2
// 0:     3  1  1
// 1:     1  3  0
// 2:     1  0  2
// IoU0 = 3/(5 + 5 − 3) = 3/7, IoU1 = 3/(4 + 4 − 3) = 3/5, IoU2 = 2/(3 + 3 − 2) = 1/2, class 3 absent.

test('pixelAccuracy counts the matching pixels: 8 of 12', () => {
  close(pixelAccuracy(pred, target), 8 / 12);
});

test('meanIou averages TP/(TP + FP + FN) over the classes present, leaving absent ones out', () => {
  const { meanIou: m, perClass } = meanIou(pred, target, 4);
  assert.deepEqual(perClass, [3 / 7, 3 / 5, 1 / 2, null]);
  close(m, (3 / 7 + 3 / 5 + 1 / 2) / 3);
});

test('a class only predicted counts with IoU 0', () => {
  // target all 0, pred has one pixel of class 1: IoU0 = 3/4, IoU1 = 0/1.
  const r = meanIou(ints([[0, 0, 0, 1]]), ints([[0, 0, 0, 0]]), 2);
  assert.deepEqual(r.perClass, [3 / 4, 0]);
  close(r.meanIou, 3 / 8);
});

test('scores [N, C, H, W] are read by argmax over the class axis', () => {
  // One 1×2 image, 3 classes; pixel 0 scores [0.1, 0.7, 0.2] → 1, pixel 1 [0.5, 0.2, 0.3] → 0.
  const scores = tensor([0.1, 0.5, 0.7, 0.2, 0.2, 0.3], { shape: [1, 3, 1, 2] });
  close(pixelAccuracy(scores, ints([[[1, 1]]])), 0.5);
  assert.deepEqual(meanIou(scores, ints([[[1, 1]]]), 3).perClass, [0, 1 / 2, null]);
  // A NaN score matches no class: a miss of its target, no false positive.
  const nan = tensor([Number.NaN, 0, 1, 0], { shape: [1, 2, 1, 2] });
  close(pixelAccuracy(nan, ints([[[0, 0]]])), 0.5);
  assert.deepEqual(meanIou(nan, ints([[[0, 0]]]), 2).perClass, [1 / 2, null]);
});

test('ignoreIndex leaves pixels out of both metrics', () => {
  const t = ints([[0, 255, 1, 1]]);
  const p = ints([[0, 1, 1, 0]]);
  close(pixelAccuracy(p, t, { ignoreIndex: 255 }), 2 / 3);
  assert.deepEqual(meanIou(p, t, 2, { ignoreIndex: 255 }).perClass, [1 / 2, 1 / 2]);
});

test('bad inputs fail with named errors', () => {
  assert.throws(
    () => meanIou(pred, target, 2),
    new ValueError('meanIou: target 2 is out of range for 2 classes'),
  );
  assert.throws(() => meanIou(pred, target, 0), /meanIou: numClasses must be a positive integer, got 0/);
  assert.throws(
    () => pixelAccuracy(tensor([1, 2, 3]), target),
    (e: unknown) =>
      e instanceof ShapeError &&
      /pixelAccuracy: pred must be float scores \[N, C, d\.\.\.\] or class indices of the target's shape, got float32 \[3\] for target \[2, 2, 3\]/.test(
        e.message,
      ),
  );
  assert.throws(
    () => pixelAccuracy(pred, tensor(Array(12).fill(0.5), { shape: [2, 2, 3] })),
    /pixelAccuracy: target must hold class indices, got 0.5/,
  );
  assert.throws(
    () => meanIou(ints([[5]]), ints([[0]]), 2),
    /meanIou: prediction 5 is out of range for 2 classes/,
  );
});
