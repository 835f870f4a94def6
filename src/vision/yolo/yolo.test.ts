import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck, ShapeError, type Tensor, tensor, ValueError, zeros } from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { meanAveragePrecision } from '../detection/mean-average-precision.js';
import { decodeYolo } from './decode-yolo.js';
import { encodeYoloTargets } from './encode-yolo-targets.js';
import type { YoloConfig } from './yolo-config.js';
import { yoloLoss } from './yolo-loss.js';

const int = { dtype: 'int32' } as const;
// 96×96 images, 6×6 cells of 16 px, two anchors, 10 classes.
const config: YoloConfig = {
  imageSize: 96,
  gridSize: 6,
  anchors: [
    [20, 20],
    [40, 30],
  ],
  numClasses: 10,
};
const truths = [
  {
    boxes: tensor([
      [10, 10, 50, 50], // 40×40, centre (30, 30): cell (1, 1), offsets 0.875; anchor 1 (IoU 0.75 vs 0.25)
      [60, 70, 80, 90], // 20×20, centre (70, 80): column 4, row 5, offsets (0.375, 0); anchor 0
    ]),
    labels: tensor([7, 2], int),
  },
  { boxes: tensor([], { shape: [0, 4] }), labels: tensor([], int) },
];

test('encodeYoloTargets: the centre cell, the best-shaped anchor, offsets and log sizes', () => {
  const t = encodeYoloTargets(truths, config);
  assert.deepEqual(t.shape, [2, 6, 6, 2, 6]);
  expectClose(t.select(0, 0).select(0, 1).select(0, 1).select(0, 1), [
    1,
    0.875,
    0.875,
    Math.log(40 / 40),
    Math.log(40 / 30),
    7,
  ]);
  expectClose(t.select(0, 0).select(0, 5).select(0, 4).select(0, 0), [1, 0.375, 0, 0, 0, 2]);
  // every other slot is empty with class −1, and the second image has no object
  const objects = [...t.narrow(4, 0, 1).data()].filter((v) => v === 1).length;
  assert.equal(objects, 2);
  assert.equal(t.select(0, 1).select(-1, 5).max().item(), -1);
  assert.throws(
    () => encodeYoloTargets([{ boxes: tensor([[0, 0, 5, 5]]), labels: tensor([10], int) }], config),
    /encodeYoloTargets: targets\[0\] label 10 is outside \[0, 10\)/,
  );
});

/** The head output that reproduces encoded targets exactly, with confident objectness and classes. */
function perfectOutput(target: Tensor): Tensor {
  const [n, s, , b] = target.shape as [number, number, number, number];
  const fields = 5 + config.numClasses;
  const out = new Float32Array(n * b * fields * s * s);
  const t = target.data();
  const logit = (p: number) =>
    Math.log(Math.min(Math.max(p, 1e-4), 1 - 1e-4) / (1 - Math.min(Math.max(p, 1e-4), 1 - 1e-4)));
  for (let i0 = 0; i0 < n; i0++)
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++)
        for (let a = 0; a < b; a++) {
          const at = (((i0 * s + i) * s + j) * b + a) * 6;
          const put = (k: number, v: number) => {
            out[(((i0 * b + a) * fields + k) * s + i) * s + j] = v;
          };
          const obj = t[at] === 1;
          put(0, logit(t[at + 1]!));
          put(1, logit(t[at + 2]!));
          put(2, t[at + 3]!);
          put(3, t[at + 4]!);
          put(4, obj ? 12 : -12);
          if (obj) put(5 + t[at + 5]!, 12);
        }
  return tensor(out, { shape: [n, b * fields, s, s] });
}

test('decodeYolo recovers the encoded boxes and classes; mAP is then 1', () => {
  const target = encodeYoloTargets(truths, config);
  const found = decodeYolo(perfectOutput(target), config);
  assert.deepEqual([...found[0]!.labels.data()].sort(), [2, 7]);
  const order = [...found[0]!.labels.data()][0] === 7 ? [0, 1] : [1, 0];
  expectClose(found[0]!.boxes.indexSelect(0, tensor(order, int)), truths[0]!.boxes, {
    rtol: 1e-3,
    atol: 1e-2,
  });
  assert.equal(found[1]!.boxes.shape[0], 0);
  const map = meanAveragePrecision(found, truths, { iouThresholds: [0.5, 0.9] });
  assert.equal(map.map, 1);
});

test('decodeYolo on a zero output: one anchor box per cell at its centre, score σ(0)/C', () => {
  const small: YoloConfig = { imageSize: 32, gridSize: 2, anchors: [[8, 8]], numClasses: 3 };
  const found = decodeYolo(zeros([1, 8, 2, 2]), small, { scoreThreshold: 0.1 });
  expectClose(found[0]!.scores, [1 / 6, 1 / 6, 1 / 6, 1 / 6]);
  expectClose(found[0]!.boxes, [
    [4, 4, 12, 12],
    [20, 4, 28, 12],
    [4, 20, 12, 28],
    [20, 20, 28, 28],
  ]);
  assert.equal(decodeYolo(zeros([1, 8, 2, 2]), small, { scoreThreshold: 0.2 })[0]!.boxes.shape[0], 0);
});

test('yoloLoss adds the box, objectness and class terms with their weights', () => {
  const small: YoloConfig = { imageSize: 32, gridSize: 2, anchors: [[8, 8]], numClasses: 3 };
  const target = encodeYoloTargets([{ boxes: tensor([[0, 0, 8, 8]]), labels: tensor([1], int) }], small);
  // one object in cell (0, 0) with offsets 0.25: box 5·2·(0.5 − 0.25)², class ln 3, objectness ln 2,
  // and three empty slots 0.5·ln 2 each
  const expected = 5 * 2 * 0.0625 + Math.log(3) + Math.LN2 + 1.5 * Math.LN2;
  expectClose(yoloLoss(zeros([1, 8, 2, 2]), target, small), [expected]);
  expectClose(yoloLoss(zeros([1, 8, 2, 2]), target, small, { lambdaCoord: 0, lambdaNoobj: 0 }), [
    Math.log(3) + Math.LN2,
  ]);
  // a perfect output costs almost nothing
  const big = encodeYoloTargets(truths, config);
  assert.ok(yoloLoss(perfectOutput(big), big, config).item() < 0.01);
  assert.throws(
    () => yoloLoss(zeros([1, 7, 2, 2]), target, small),
    (e: unknown) => e instanceof ShapeError && /output must be \[N, 8, 2, 2\]/.test(e.message),
  );
  assert.throws(() => yoloLoss(zeros([1, 8, 2, 2]), target, small, { lambdaCoord: -1 }), ValueError);
});

test('yoloLoss gradchecks in float64', () => {
  const small: YoloConfig = {
    imageSize: 32,
    gridSize: 2,
    anchors: [
      [8, 8],
      [12, 6],
    ],
    numClasses: 2,
  };
  const target = encodeYoloTargets([{ boxes: tensor([[2, 3, 12, 9]]), labels: tensor([1], int) }], small);
  const output = tensor(
    Float64Array.from({ length: 56 }, (_, k) => Math.sin(k)),
    { shape: [1, 14, 2, 2], dtype: 'float64' },
  );
  const r = gradcheck((o) => yoloLoss(o, target, small), [output]);
  assert.ok(r.passed, r.table());
});
