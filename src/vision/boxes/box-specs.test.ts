// The box ops' specs: every backend against float64 references, gradcheck where they are
// differentiable, zero boxes, and the inputs that must fail. The references are plain loops; the
// last test pins them to torchvision's own numbers.
import { test } from 'node:test';
import { DTypeError, ShapeError, type Tensor, tensor, ValueError } from '../../index.js';
import { checkOp, type Plain } from '../../testing/check-op.js';
import { expectClose } from '../../testing/expect-close.js';
import { boxArea } from './box-area.js';
import { type BoxFormat, boxConvert } from './box-convert.js';
import { boxIou } from './box-iou.js';
import { clipBoxes } from './clip-boxes.js';
import { generalizedBoxIou } from './generalized-box-iou.js';
import { batchedNms, nms } from './nms.js';

const f64 = { dtype: 'float64' } as const;
// Overlapping and disjoint boxes with no shared edge, so no IoU sits on a kink of min/max.
const A = [
  [0.5, 1.2, 6.3, 7.9],
  [2.1, 0.4, 9.8, 5.5],
  [-3.2, -1.5, 2.7, 3.1],
  [10.4, 11.2, 14.9, 19.6],
];
const B = [
  [1.1, 2.3, 5.7, 8.4],
  [-2.5, -2.2, 4.1, 1.9],
  [12.2, 9.8, 16.5, 15.3],
];
const a = tensor(A, f64);
const b = tensor(B, f64);
const none = () => tensor(new Float64Array(0), { shape: [0, 4], dtype: 'float64' });

const rowsOf = (p: Plain) => Array.from({ length: p.shape[0]! }, (_, i) => p.data.slice(4 * i, 4 * i + 4));
const area = ([x1, y1, x2, y2]: number[]) => (x2! - x1!) * (y2! - y1!);

function pairwise(p: Plain, q: Plain, f: (u: number[], v: number[]) => number): Plain {
  const us = rowsOf(p);
  const vs = rowsOf(q);
  return { shape: [us.length, vs.length], data: us.flatMap((u) => vs.map((v) => f(u, v))) };
}

function intersection(u: number[], v: number[]): number {
  const w = Math.max(0, Math.min(u[2]!, v[2]!) - Math.max(u[0]!, v[0]!));
  const h = Math.max(0, Math.min(u[3]!, v[3]!) - Math.max(u[1]!, v[1]!));
  return w * h;
}

const iou = (u: number[], v: number[]) => intersection(u, v) / (area(u) + area(v) - intersection(u, v));

/** IoU − |C \ (A ∪ B)| / |C|, C the smallest box holding both. */
function giou(u: number[], v: number[]): number {
  const union = area(u) + area(v) - intersection(u, v);
  const hull = area([
    Math.min(u[0]!, v[0]!),
    Math.min(u[1]!, v[1]!),
    Math.max(u[2]!, v[2]!),
    Math.max(u[3]!, v[3]!),
  ]);
  return intersection(u, v) / union - (hull - union) / hull;
}

function convert([p, q, r, s]: number[], from: BoxFormat, to: BoxFormat): number[] {
  const xyxy =
    from === 'xyxy'
      ? [p!, q!, r!, s!]
      : from === 'xywh'
        ? [p!, q!, p! + r!, q! + s!]
        : [p! - r! / 2, q! - s! / 2, p! + r! / 2, q! + s! / 2];
  const [x1, y1, x2, y2] = xyxy as [number, number, number, number];
  if (to === 'xyxy') return xyxy;
  if (to === 'xywh') return [x1, y1, x2 - x1, y2 - y1];
  return [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1];
}

/** Greedy NMS in plain numbers: by descending score (ties by index), drop IoU > t within a group. */
function greedy(boxes: Plain, scores: Plain, t: number, groups?: Plain): Plain {
  const rows = rowsOf(boxes);
  const order = rows.map((_, i) => i).sort((i, j) => scores.data[j]! - scores.data[i]! || i - j);
  const keep: number[] = [];
  for (const i of order) {
    const sameGroup = (k: number) => !groups || groups.data[k] === groups.data[i];
    if (keep.every((k) => !sameGroup(k) || iou(rows[k]!, rows[i]!) <= t)) keep.push(i);
  }
  return { shape: [keep.length], data: keep };
}

const boxErrors = (op: string, call: (bad: Tensor) => unknown) => [
  {
    what: 'boxes that are not [N, 4]',
    call: () => call(tensor([[1, 2, 3]])),
    message: new RegExp(`${op}: \\w+ must have shape \\[N, 4\\], got \\[1, 3\\]`),
    type: ShapeError,
  },
  {
    what: 'int32 boxes',
    call: () => call(tensor([[0, 0, 1, 1]], { dtype: 'int32' })),
    message: new RegExp(`${op}: \\w+ must be float32 or float64, got int32`),
    type: DTypeError,
  },
];

checkOp({
  name: 'boxArea',
  fn: (x) => boxArea(x!),
  reference: (p) => ({ shape: [p.shape[0]!], data: rowsOf(p).map(area) }),
  cases: [[[5, 4]], [a], [[0, 4]]],
  errors: boxErrors('boxArea', (x) => boxArea(x)),
});

for (const [name, op, f] of [
  ['boxIou', boxIou, iou],
  ['generalizedBoxIou', generalizedBoxIou, giou],
] as const) {
  checkOp({
    name,
    fn: (x, y) => op(x!, y!),
    reference: (p, q) => pairwise(p, q, f),
    cases: [
      [a, b],
      [b, a],
      [a.narrow(0, 3, 1), b],
      [none(), b],
      [a, none()],
    ],
    float32Tolerance: 1e-5,
    errors: [
      ...boxErrors(name, (x) => op(a, x)),
      {
        what: 'a bad first argument, named a',
        call: () => op(tensor([1, 2, 3, 4]), b),
        message: new RegExp(`${name}: a must have shape \\[N, 4\\], got \\[4\\]`),
        type: ShapeError,
      },
    ],
  });
}

for (const from of ['xyxy', 'xywh', 'cxcywh'] as const)
  for (const to of ['xyxy', 'xywh', 'cxcywh'] as const)
    checkOp({
      name: `boxConvert ${from}→${to}`,
      fn: (x) => boxConvert(x!, from, to),
      reference: (p) => ({ shape: [...p.shape], data: rowsOf(p).flatMap((r) => convert(r, from, to)) }),
      cases: [[[5, 4]], [[0, 4]]],
      errors:
        from === 'xyxy' && to === 'xyxy'
          ? [
              ...boxErrors('boxConvert', (x) => boxConvert(x, 'xyxy', 'xywh')),
              {
                what: 'an unknown format',
                call: () => boxConvert(a, 'xyxy', 'yxyx' as never),
                message: /boxConvert: to must be 'xyxy', 'xywh' or 'cxcywh', got 'yxyx'/,
                type: ValueError,
              },
            ]
          : [],
    });

checkOp({
  name: 'clipBoxes',
  fn: (x) => clipBoxes(x!, [1.5, 1]),
  // x into [0, width 1], y into [0, height 1.5]
  reference: (p) => ({
    shape: [...p.shape],
    data: p.data.map((v, i) => Math.min(Math.max(v, 0), i % 2 === 0 ? 1 : 1.5)),
  }),
  cases: [[[6, 4]], [a], [[0, 4]]],
  errors: [
    ...boxErrors('clipBoxes', (x) => clipBoxes(x, [3, 3])),
    {
      what: 'a negative size',
      call: () => clipBoxes(a, [-1, 3]),
      message: /clipBoxes: size must be \[height, width\] of non-negative numbers, got \[-1,3\]/,
      type: ValueError,
    },
  ],
});

// Eight boxes: two near-copies (0, 2) with a tied score, a chain of overlaps around box 1, a pair
// at (20, 20) and a lone box; classes split them into two groups for batchedNms.
const NB = tensor(
  [
    [0, 0, 10, 10],
    [1, 1, 11, 11],
    [0.5, 0, 10.5, 10],
    [20, 20, 30, 30],
    [22, 21, 31, 32],
    [2, 2, 12, 12],
    [50, 50, 60, 60],
    [3, 0, 13, 9],
  ],
  f64,
);
const NS = tensor([0.6, 0.9, 0.6, 0.7, 0.75, 0.3, 0.2, 0.85], f64);
const NC = tensor([0, 1, 0, 0, 0, 1, 1, 0], { dtype: 'int32' });

for (const t of [0.3, 0.5, 0.7]) {
  checkOp({
    name: `nms(iouThreshold ${t})`,
    fn: (x, s) => nms(x!, s!, t),
    reference: (p, s) => greedy(p, s, t),
    cases: [
      [NB, NS],
      [none(), tensor([], f64)],
    ],
    gradcheck: false,
    errors:
      t === 0.5
        ? [
            ...boxErrors('nms', (x) => nms(x, tensor([0.5]), t)),
            {
              what: 'one score too few',
              call: () => nms(NB, NS.narrow(0, 0, 7), t),
              message: /nms: scores must have shape \[8\] \(one per box\), got \[7\]/,
              type: ShapeError,
            },
            {
              what: 'a NaN threshold',
              call: () => nms(NB, NS, Number.NaN),
              message: /nms: iouThreshold must be a number, got NaN/,
              type: ValueError,
            },
          ]
        : [],
  });
  checkOp({
    name: `batchedNms(iouThreshold ${t})`,
    fn: (x, s, c) => batchedNms(x!, s!, c!, t),
    reference: (p, s, c) => greedy(p, s, t, c),
    cases: [
      [NB, NS, NC],
      [none(), tensor([], f64), tensor([], { dtype: 'int32' })],
    ],
    gradcheck: false,
    errors:
      t === 0.5
        ? [
            {
              what: 'classes of the wrong length',
              call: () => batchedNms(NB, NS, NC.narrow(0, 0, 2), t),
              message: /batchedNms: classes must have shape \[8\] \(one per box\), got \[2\]/,
              type: ShapeError,
            },
          ]
        : [],
  });
}

test('the float64 references agree with torchvision 0.14 on the same boxes', () => {
  // torchvision.ops.{box_area, box_iou, generalized_box_iou, box_convert, clip_boxes_to_image,
  // nms, batched_nms} on A, B, NB, NS, NC above, float64, printed once.
  const p = { shape: [4, 4], data: A.flat() };
  const q = { shape: [3, 4], data: B.flat() };
  const exact = { rtol: 1e-12, atol: 1e-12 };
  expectClose(rowsOf(p).map(area), [38.86, 39.27, 27.14, 37.80000000000001], exact);
  expectClose(
    pairwise(p, q, iou).data,
    [
      0.6258503401360546, 0.03974763406940063, 0, 0.20641462103565675, 0.04737091425864518, 0,
      0.02373887240356084, 0.4841182913472071, 0, 0, 0, 0.21973005160778097,
    ],
    exact,
  );
  expectClose(
    pairwise(p, q, giou).data,
    [
      0.6114825240441005, -0.24693103379738635, -0.7229166666666668, 0.008282437127610592,
      -0.2839562951173447, -0.7067486950037285, -0.3642988077689509, 0.42803144720143277, -0.846537345902828,
      -0.7241350423054368, -0.8290098070230939, 0.06248682644886511,
    ],
    exact,
  );
  expectClose(convert(A[3]!, 'xyxy', 'cxcywh'), [12.65, 15.4, 4.5, 8.400000000000002], exact);
  expectClose(convert(A[0]!, 'xywh', 'cxcywh'), [3.65, 5.1499999999999995, 6.3, 7.8999999999999995], exact);
  expectClose(convert(A[1]!, 'cxcywh', 'xyxy'), [-2.8000000000000003, -2.35, 7.0, 3.15], exact);
  expectClose(convert(A[2]!, 'cxcywh', 'xywh'), [-4.550000000000001, -3.05, 2.7, 3.1], exact);
  // clip_boxes_to_image(A, (12, 10)) through the op itself
  expectClose(clipBoxes(a, [12, 10]), [A[0]!, A[1]!, [0, 0, 2.7, 3.1], [10, 11.2, 10, 12]], exact);
  const plain = (t: Tensor): Plain => ({ shape: [...t.shape], data: [...t.data()].map(Number) });
  const kept = {
    0.3: [
      [1, 4, 6],
      [1, 7, 4, 6],
    ],
    0.5: [
      [1, 4, 6],
      [1, 7, 4, 0, 6],
    ],
    0.7: [
      [1, 7, 4, 3, 0, 5, 6],
      [1, 7, 4, 3, 0, 5, 6],
    ],
  };
  for (const [t, [plainNms, perClass]] of Object.entries(kept)) {
    expectClose(greedy(plain(NB), plain(NS), Number(t)).data, plainNms!);
    expectClose(greedy(plain(NB), plain(NS), Number(t), plain(NC)).data, perClass!);
  }
});
