import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, gradcheck, ShapeError, tensor, ValueError } from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { boxArea } from './box-area.js';
import { boxConvert } from './box-convert.js';
import { boxIou } from './box-iou.js';
import { clipBoxes } from './clip-boxes.js';
import { drawBoxes } from './draw-boxes.js';
import { generalizedBoxIou } from './generalized-box-iou.js';
import { batchedNms, nms } from './nms.js';
import { softNms } from './soft-nms.js';

// Expected values below were computed once with torchvision 0.14 (torchvision.ops) on these inputs.
const f64 = { dtype: 'float64' } as const;
const a = tensor(
  [
    [0, 0, 10, 10],
    [5, 5, 15, 15],
    [20, 20, 30, 40],
  ],
  f64,
);
const b = tensor(
  [
    [0, 0, 10, 10],
    [2, 3, 8, 12],
    [25, 25, 26, 26],
    [100, 100, 101, 101],
  ],
  f64,
);
const exact = { rtol: 1e-12, atol: 1e-12 };

test('boxArea and boxIou agree with torchvision', () => {
  expectClose(boxArea(a), [100, 100, 200], exact);
  expectClose(
    boxIou(a, b),
    [
      [1.0, 0.375, 0.0, 0.0],
      [0.14285714285714285, 0.15789473684210525, 0.0, 0.0],
      [0.0, 0.0, 0.005, 0.0],
    ],
    exact,
  );
  assert.deepEqual(boxIou(a, tensor([], { shape: [0, 4] })).shape, [3, 0]);
});

test('generalizedBoxIou agrees with torchvision', () => {
  expectClose(
    generalizedBoxIou(a, b),
    [
      [1.0, 0.30833333333333335, -0.8505917159763313, -0.9900990099009901],
      [-0.07936507936507936, 0.010458839406207815, -0.7709750566893424, -0.9890407986111112],
      [-0.75, -0.7548262548262549, 0.005, -0.9693644261545497],
    ],
    exact,
  );
});

test('boxIou and generalizedBoxIou gradcheck in float64', () => {
  // Overlapping boxes away from the kinks (equal edges) of max/min.
  const p = tensor([[0.1, 0.2, 10.3, 9.7]], f64);
  const q = tensor(
    [
      [2.1, 3.3, 8.2, 12.5],
      [-4, -3.1, 5.2, 4.4],
    ],
    f64,
  );
  for (const f of [boxIou, generalizedBoxIou]) {
    const result = gradcheck(
      (x, y) =>
        f(x, y)
          .mul(tensor([[0.3, -0.7]], f64))
          .sum(),
      [p, q],
    );
    assert.ok(result.passed, result.table());
  }
});

test('boxConvert between every pair of formats agrees with torchvision', () => {
  const x = tensor([
    [1, 2, 5, 8],
    [10, 20, 30, 25],
  ]);
  const expected = {
    xyxy: {
      xyxy: [
        [1, 2, 5, 8],
        [10, 20, 30, 25],
      ],
      xywh: [
        [1, 2, 4, 6],
        [10, 20, 20, 5],
      ],
      cxcywh: [
        [3, 5, 4, 6],
        [20, 22.5, 20, 5],
      ],
    },
    xywh: {
      xyxy: [
        [1, 2, 6, 10],
        [10, 20, 40, 45],
      ],
      xywh: [
        [1, 2, 5, 8],
        [10, 20, 30, 25],
      ],
      cxcywh: [
        [3.5, 6, 5, 8],
        [25, 32.5, 30, 25],
      ],
    },
    cxcywh: {
      xyxy: [
        [-1.5, -2, 3.5, 6],
        [-5, 7.5, 25, 32.5],
      ],
      xywh: [
        [-1.5, -2, 5, 8],
        [-5, 7.5, 30, 25],
      ],
      cxcywh: [
        [1, 2, 5, 8],
        [10, 20, 30, 25],
      ],
    },
  } as const;
  for (const from of ['xyxy', 'xywh', 'cxcywh'] as const)
    for (const to of ['xyxy', 'xywh', 'cxcywh'] as const)
      expectClose(boxConvert(x, from, to), expected[from][to] as unknown as number[][]);
});

test('clipBoxes agrees with torchvision clip_boxes_to_image (size is [height, width])', () => {
  const c = tensor([
    [-5, 3, 40, 12],
    [10, -2, 20, 50],
  ]);
  expectClose(clipBoxes(c, [30, 25]), [
    [0, 3, 25, 12],
    [10, 0, 20, 30],
  ]);
});

// Three identical boxes with equal scores (0, 2, 5), a near-copy of them (1), two overlapping
// boxes with equal scores (3, 4) and a lone box (6).
const nb = tensor([
  [0, 0, 10, 10],
  [1, 1, 11, 11],
  [0, 0, 10, 10],
  [20, 20, 30, 30],
  [21, 21, 31, 31],
  [0, 0, 10, 10],
  [50, 50, 60, 60],
]);
const ns = tensor([0.9, 0.8, 0.9, 0.7, 0.7, 0.9, 0.7]);

test('nms keeps what torchvision keeps, ties in index order', () => {
  const kept = (t: number) => [...nms(nb, ns, t).data()];
  assert.deepEqual(kept(0.5), [0, 3, 6]);
  assert.deepEqual(kept(0.7), [0, 1, 3, 4, 6]);
  assert.deepEqual(kept(0), [0, 3, 6]);
  // IoU 1 is not > 1: nothing is suppressed, and the order is by score, ties by index.
  assert.deepEqual(kept(1), [0, 2, 5, 1, 3, 4, 6]);
  assert.equal(nms(nb, ns, 0.5).dtype, 'int32');
  assert.deepEqual([...nms(tensor([], { shape: [0, 4] }), tensor([]), 0.5).data()], []);
});

test('batchedNms suppresses only within a class, as torchvision batched_nms', () => {
  const classes = tensor([0, 0, 1, 0, 1, 0, 1], { dtype: 'int32' });
  assert.deepEqual([...batchedNms(nb, ns, classes, 0.5).data()], [0, 2, 3, 4, 6]);
});

const sb = tensor([
  [0, 0, 10, 10],
  [0, 0, 10, 5],
  [20, 20, 30, 30],
  [0, 0, 10, 10],
]);
const ss = tensor([0.9, 0.8, 0.7, 0.3], f64);

test('softNms linear: scores with IoU ≥ Nt scale by 1 − IoU, zeros drop out', () => {
  // Pick 0: box 1 (IoU 0.5) → 0.8·0.5 = 0.4, box 3 (IoU 1) → 0, dropped; then 2 (0.7), then 1.
  const r = softNms(sb, ss, { method: 'linear', iouThreshold: 0.3 });
  assert.deepEqual([...r.indices.data()], [0, 2, 1]);
  expectClose(r.scores, [0.9, 0.7, 0.4], exact);
});

test('softNms gaussian: every score scales by e^(−IoU²/σ)', () => {
  // Pick 0: box 1 → 0.8e^(−0.25/0.5), box 3 → 0.3e^(−1/0.5); pick 2 (no overlap); pick 1: box 3
  // (IoU 0.5 with box 1) → 0.3e^(−2)·e^(−0.5).
  const r = softNms(sb, ss, { method: 'gaussian', sigma: 0.5 });
  assert.deepEqual([...r.indices.data()], [0, 2, 1, 3]);
  expectClose(r.scores, [0.9, 0.7, 0.8 * Math.exp(-0.5), 0.3 * Math.exp(-2.5)], exact);
});

test('box functions reject bad input with typed errors', () => {
  assert.throws(() => boxArea(tensor([1, 2, 3, 4])), ShapeError);
  assert.throws(() => boxIou(a, tensor([[1, 2, 3]])), /boxIou: b must have shape \[N, 4\], got \[1, 3\]/);
  assert.throws(() => boxArea(tensor([[0, 0, 1, 1]], { dtype: 'int32' })), DTypeError);
  assert.throws(
    () => boxConvert(a, 'xyxy', 'yxyx' as never),
    /boxConvert: to must be 'xyxy', 'xywh' or 'cxcywh', got 'yxyx'/,
  );
  assert.throws(() => clipBoxes(a, [-1, 3]), ValueError);
  assert.throws(
    () => nms(nb, tensor([0.5]), 0.5),
    /nms: scores must have shape \[7\] \(one per box\), got \[1\]/,
  );
  assert.throws(() => nms(nb, ns, Number.NaN), /nms: iouThreshold must be a number/);
  assert.throws(
    () => nms(tensor([[0, 0, 1, 1]]), tensor([Number.NaN]), 0.5),
    /nms: scores must not hold NaN/,
  );
  assert.throws(() => batchedNms(nb, ns, tensor([0]), 0.5), /batchedNms: classes must have shape \[7\]/);
  assert.throws(
    () => softNms(sb, ss, { method: 'hard' as never }),
    /softNms: method must be 'linear' or 'gaussian'/,
  );
  assert.throws(() => softNms(sb, ss, { sigma: 0 }), /softNms: sigma must be positive, got 0/);
});

test('drawBoxes outlines each box in its class colour on an RGB copy', () => {
  const images = tensor(new Float32Array(36).fill(0.5), { shape: [1, 1, 6, 6] });
  const drawn = drawBoxes(images, [
    { boxes: tensor([[1, 1, 4, 5]]), labels: tensor([1], { dtype: 'int32' }) },
  ]);
  assert.deepEqual(drawn.shape, [1, 3, 6, 6]);
  const green = drawn.select(0, 0).select(0, 1).toArray() as number[][];
  // the outline runs over columns 1..3 and rows 1..4 (x2, y2 are exclusive edges)
  assert.deepEqual(green[1], [0.5, 1, 1, 1, 0.5, 0.5]);
  assert.deepEqual(green[2], [0.5, 1, 0.5, 1, 0.5, 0.5]);
  assert.deepEqual(green[4], [0.5, 1, 1, 1, 0.5, 0.5]);
  assert.deepEqual(green[5], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  // class 1 is green: red channel 0.2 on the outline
  expectClose(drawn.select(0, 0).select(0, 0).select(0, 1).select(0, 1), [0.2]);
  assert.throws(
    () => drawBoxes(images, []),
    /drawBoxes: images must be \[N, 1 or 3, H, W\] with one detection set per image/,
  );
});
