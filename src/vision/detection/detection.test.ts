import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, tensor, ValueError } from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { kmeansAnchors } from './kmeans-anchors.js';
import { averagePrecision, meanAveragePrecision } from './mean-average-precision.js';

const int = { dtype: 'int32' } as const;

test('averagePrecision is the area under the precision envelope (all points)', () => {
  // precision [1, 1/2, 2/3] at recall [1/2, 1/2, 1]: envelope [1, 2/3, 2/3] → ½·1 + ½·⅔
  expectClose(tensor([averagePrecision([true, false, true], 2)]), [5 / 6]);
  // a miss first: precision [0, ½, ⅔], recall [0, ½, 1] → envelope ⅔ everywhere → ⅔
  expectClose(tensor([averagePrecision([false, true, true], 2)]), [2 / 3]);
  // half the truths never found: ½·1
  assert.equal(averagePrecision([true], 2), 0.5);
  assert.equal(averagePrecision([], 3), 0);
});

test('meanAveragePrecision: VOC @0.5 and COCO @[.5:.95] on a hand-checked scene', () => {
  const targets = [
    {
      boxes: tensor([
        [0, 0, 10, 10],
        [20, 20, 30, 30],
      ]),
      labels: tensor([0, 1], int),
    },
    { boxes: tensor([[0, 0, 10, 10]]), labels: tensor([0], int) },
  ];
  const predictions = [
    {
      boxes: tensor([
        [0, 0, 10, 10], // class 0, IoU 1
        [20, 20, 30, 25], // class 1, IoU 0.5
      ]),
      scores: tensor([0.9, 0.8]),
      labels: tensor([0, 1], int),
    },
    {
      boxes: tensor([
        [0, 0, 10, 8], // class 0, IoU 0.8
        [50, 50, 60, 60], // class 0, a false positive with the top score
      ]),
      scores: tensor([0.7, 0.95]),
      labels: tensor([0, 0], int),
    },
  ];
  // Class 0 ranks miss, hit, hit → AP ⅔ for t ≤ 0.8; above, the IoU-0.8 box misses → AP ¼.
  // Class 1 hits only at t = 0.5 → AP 1 there, 0 above.
  const voc = meanAveragePrecision(predictions, targets, { iouThresholds: [0.5] });
  expectClose(tensor([voc.map, voc.map50]), [(2 / 3 + 1) / 2, (2 / 3 + 1) / 2]);
  const coco = meanAveragePrecision(predictions, targets);
  const class0 = (7 * (2 / 3) + 3 * 0.25) / 10;
  const class1 = 1 / 10;
  expectClose(tensor([coco.map, coco.perClass.get(0)!, coco.perClass.get(1)!]), [
    (class0 + class1) / 2,
    class0,
    class1,
  ]);
  expectClose(tensor(coco.perThreshold), [5 / 6, ...Array(6).fill(1 / 3), 1 / 8, 1 / 8, 1 / 8]);
});

test('meanAveragePrecision: a truth is matched once, duplicates are false positives', () => {
  const targets = [{ boxes: tensor([[0, 0, 10, 10]]), labels: tensor([3], int) }];
  const predictions = [
    {
      boxes: tensor([
        [0, 0, 10, 10],
        [0, 0, 10, 10],
      ]),
      scores: tensor([0.9, 0.8]),
      labels: tensor([3, 3], int),
    },
  ];
  // hit then duplicate: precision [1, ½], recall [1, 1] → AP 1
  assert.equal(meanAveragePrecision(predictions, targets, { iouThresholds: [0.5] }).map, 1);
  // a class with truths and no detections scores 0
  const none = [{ boxes: tensor([], { shape: [0, 4] }), scores: tensor([]), labels: tensor([], int) }];
  assert.equal(meanAveragePrecision(none, targets, { iouThresholds: [0.5] }).map, 0);
});

test('meanAveragePrecision rejects mismatched input', () => {
  const t = { boxes: tensor([[0, 0, 1, 1]]), labels: tensor([0], int) };
  assert.throws(() => meanAveragePrecision([], [t]), /one entry per image, got 0 and 1/);
  assert.throws(
    () =>
      meanAveragePrecision(
        [{ boxes: tensor([[0, 0, 1, 1]]), scores: tensor([1, 2]), labels: tensor([0], int) }],
        [t],
      ),
    (e: unknown) =>
      e instanceof ShapeError && /predictions\[0\]\.scores must have shape \[1\]/.test(e.message),
  );
  assert.throws(() => meanAveragePrecision([], [], { iouThresholds: [1.5] }), ValueError);
});

test('kmeansAnchors finds the two shape clusters with the 1 − IoU distance', () => {
  const boxes = tensor([
    [0, 0, 10, 10],
    [5, 5, 16, 14],
    [0, 0, 40, 20],
    [1, 1, 39, 23],
  ]);
  const { anchors, meanIou } = kmeansAnchors(boxes, 2, { seed: 3 });
  expectClose(anchors, [
    [10.5, 9.5],
    [39, 21],
  ]);
  // each box against its cluster's mean shape, on a common centre
  const iou = (w: number, h: number, aw: number, ah: number) =>
    (Math.min(w, aw) * Math.min(h, ah)) / (w * h + aw * ah - Math.min(w, aw) * Math.min(h, ah));
  const expected =
    (iou(10, 10, 10.5, 9.5) + iou(11, 9, 10.5, 9.5) + iou(40, 20, 39, 21) + iou(38, 22, 39, 21)) / 4;
  expectClose(tensor([meanIou]), [expected]);
  // seeded: the same seed gives the same anchors
  assert.deepEqual(kmeansAnchors(boxes, 2, { seed: 3 }).anchors.toArray(), anchors.toArray());
});

test('kmeansAnchors rejects k beyond the distinct shapes and empty boxes', () => {
  const boxes = tensor([
    [0, 0, 10, 10],
    [1, 1, 11, 11],
  ]);
  assert.throws(() => kmeansAnchors(boxes, 2), /kmeansAnchors: k must be an integer in \[1, 1\]/);
  assert.throws(() => kmeansAnchors(tensor([[0, 0, 0, 5]]), 1), /positive width and height/);
});
