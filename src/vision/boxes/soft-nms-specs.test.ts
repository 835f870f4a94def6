// softNms's spec on every backend: the kept indices and their decayed scores against a float64
// reference written from Bodla et al.'s algorithm 1, zero boxes, and the options that must fail.
// torchvision has no soft-NMS to compare with.
import { ShapeError, tensor, ValueError } from '../../index.js';
import { checkOp, type Plain } from '../../testing/check-op.js';
import { softNms } from './soft-nms.js';

const f64 = { dtype: 'float64' } as const;
// Overlapping pairs at two levels of IoU, a near-copy, and a lone box.
const boxes = tensor(
  [
    [0, 0, 10, 10],
    [1, 1, 11, 11],
    [0, 0, 10, 5],
    [20, 20, 30, 30],
    [22, 21, 31, 32],
    [50, 50, 60, 60],
    [0.5, 0, 10.5, 10],
  ],
  f64,
);
const scores = tensor([0.9, 0.8, 0.75, 0.7, 0.65, 0.2, 0.85], f64);

function iou(b: number[], i: number, j: number): number {
  const w = Math.max(0, Math.min(b[4 * i + 2]!, b[4 * j + 2]!) - Math.max(b[4 * i]!, b[4 * j]!));
  const h = Math.max(0, Math.min(b[4 * i + 3]!, b[4 * j + 3]!) - Math.max(b[4 * i + 1]!, b[4 * j + 1]!));
  const area = (k: number) => (b[4 * k + 2]! - b[4 * k]!) * (b[4 * k + 3]! - b[4 * k + 1]!);
  return (w * h) / (area(i) + area(j) - w * h);
}

/** Pick the best score left, decay the rest by f(IoU), drop those under 0.001; indices then scores. */
function reference(
  b: Plain,
  s: Plain,
  decay: (iou: number) => number,
): { indices: number[]; kept: number[] } {
  const score = [...s.data];
  let left = score.map((_, i) => i).filter((i) => score[i]! >= 0.001);
  const indices: number[] = [];
  const kept: number[] = [];
  while (left.length > 0) {
    const m = left.reduce((best, i) => (score[i]! > score[best]! ? i : best));
    indices.push(m);
    kept.push(score[m]!);
    left = left.filter((i) => i !== m);
    for (const i of left) score[i]! *= decay(iou(b.data, m, i));
    left = left.filter((i) => score[i]! >= 0.001);
  }
  return { indices, kept };
}

const linear = (u: number) => (u >= 0.3 ? 1 - u : 1);
const gaussian = (u: number) => Math.exp(-(u * u) / 0.5);

for (const [method, decay] of [
  ['linear', linear],
  ['gaussian', gaussian],
] as const) {
  const options = { method, iouThreshold: 0.3, sigma: 0.5 };
  const cases = [
    [boxes, scores],
    [tensor(new Float64Array(0), { shape: [0, 4], dtype: 'float64' }), tensor([], f64)],
  ];
  checkOp({
    name: `softNms ${method}: indices`,
    fn: (b, s) => softNms(b!, s!, options).indices,
    reference: (b, s) => {
      const { indices } = reference(b, s, decay);
      return { shape: [indices.length], data: indices };
    },
    cases,
    gradcheck: false,
  });
  checkOp({
    name: `softNms ${method}: scores`,
    fn: (b, s) => softNms(b!, s!, options).scores,
    reference: (b, s) => {
      const { kept } = reference(b, s, decay);
      return { shape: [kept.length], data: kept };
    },
    cases,
    gradcheck: false,
    errors:
      method === 'linear'
        ? [
            {
              what: 'an unknown method',
              call: () => softNms(boxes, scores, { method: 'hard' as never }),
              message: /softNms: method must be 'linear' or 'gaussian', got 'hard'/,
              type: ValueError,
            },
            {
              what: 'sigma 0',
              call: () => softNms(boxes, scores, { sigma: 0 }),
              message: /softNms: sigma must be positive, got 0/,
              type: ValueError,
            },
            {
              what: 'a score per box missing',
              call: () => softNms(boxes, scores.narrow(0, 0, 6)),
              message: /softNms: scores must have shape \[7\] \(one per box\), got \[6\]/,
              type: ShapeError,
            },
          ]
        : [],
  });
}
