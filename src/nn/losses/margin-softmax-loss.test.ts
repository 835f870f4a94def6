import { test } from 'node:test';
import { grad } from '../../autograd/index.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { tensor } from '../../tensor/creation.js';
import { checkOp, type Plain } from '../../testing/check-op.js';
import { expectClose } from '../../testing/expect-close.js';
import { marginSoftmaxLoss } from './margin-softmax-loss.js';

const ints = (v: number[]) => tensor(v, { dtype: 'int32' });
const f64 = { dtype: 'float64' } as const;

/** The loss of one row of cosines, written from the papers' formulas in float64. */
function rowLoss(cos: number[], y: number, s: number, m2: number, m3: number): number {
  const c = cos[y]!;
  let marked = c;
  if (m2 > 0) marked = c >= -Math.cos(m2) ? Math.cos(Math.acos(c) + m2) : c - m2 * Math.sin(m2);
  const logits = cos.map((v, k) => s * (k === y ? marked - m3 : v));
  const top = Math.max(...logits);
  return top + Math.log(logits.reduce((sum, l) => sum + Math.exp(l - top), 0)) - logits[y]!;
}

const targets = ints([2, 0, 1, 1]);
for (const [s, m2, m3] of [
  [8, 0.5, 0],
  [8, 0, 0.35],
  [4, 0.3, 0.2],
  [4, 0, 0],
] as const) {
  checkOp({
    name: `marginSoftmaxLoss scale=${s} angularMargin=${m2} cosineMargin=${m3}`,
    fn: (x) =>
      marginSoftmaxLoss(x!, targets, { scale: s, angularMargin: m2, cosineMargin: m3, reduction: 'none' }),
    reference: (x: Plain) => {
      const rows = Array.from({ length: 4 }, (_, i) => x.data.slice(i * 3, i * 3 + 3));
      return { shape: [4], data: rows.map((r, i) => rowLoss(r, [2, 0, 1, 1][i]!, s, m2, m3)) };
    },
    domain: [-0.8, 0.8],
    cases: [[[4, 3]]],
  });
}

checkOp({
  name: 'marginSoftmaxLoss on an empty batch',
  fn: (x, t) => marginSoftmaxLoss(x!, t!, { angularMargin: 0.5, reduction: 'none' }),
  reference: () => ({ shape: [0], data: [] }),
  cases: [[[0, 3], tensor([], { dtype: 'int32', shape: [0] })]],
  errors: [
    {
      what: 'a target class out of range',
      call: () => marginSoftmaxLoss(tensor([[0.1, 0.2]]), ints([2])),
      message: /marginSoftmaxLoss: target 2 is out of range for 2 classes/,
      type: ValueError,
    },
    {
      what: 'float targets',
      call: () => marginSoftmaxLoss(tensor([[0.1, 0.2]]), tensor([1])),
      message: /marginSoftmaxLoss: class targets must be int32, got float32/,
      type: DTypeError,
    },
    {
      what: 'one target too many',
      call: () => marginSoftmaxLoss(tensor([[0.1, 0.2]]), ints([1, 0])),
      message: /marginSoftmaxLoss: target shape \[2\] must be \[1\] for input \[1, 2\]/,
      type: ShapeError,
    },
    {
      what: 'cosines of rank 3',
      call: () => marginSoftmaxLoss(tensor([[[0.1, 0.2]]]), tensor([[0]], { dtype: 'int32' })),
      message: /marginSoftmaxLoss: cosine must be \[batch, classes\], got rank 3/,
      type: ShapeError,
    },
    {
      what: 'a scale of 0',
      call: () => marginSoftmaxLoss(tensor([[0.1, 0.2]]), ints([0]), { scale: 0 }),
      message: /marginSoftmaxLoss: scale must be a positive finite number, got 0/,
      type: ValueError,
    },
    {
      what: 'an angular margin of π/2',
      call: () => marginSoftmaxLoss(tensor([[0.1, 0.2]]), ints([0]), { angularMargin: Math.PI / 2 }),
      message: /marginSoftmaxLoss: angularMargin must be in \[0, π\/2\) radians, got 1.57/,
      type: ValueError,
    },
    {
      what: 'a NaN cosine margin',
      call: () => marginSoftmaxLoss(tensor([[0.1, 0.2]]), ints([0]), { cosineMargin: Number.NaN }),
      message: /marginSoftmaxLoss: cosineMargin must be a finite number, got NaN/,
      type: ValueError,
    },
  ],
});

// Expected values from PyTorch 1.13 (float64): the target logit replaced by s·(cos(acos(c) + m2) − m3)
// (c − m2·sin m2 where c < −cos m2) before F.cross_entropy. Row 2's target cosine −0.95 lies
// past −cos 0.5 = −0.878, so ArcFace's fallback applies there.
const cosine = tensor(
  [
    [0.5, -0.2, 0.9],
    [0.1, 0.3, -0.95],
    [-0.6, 0.2, 0.4],
  ],
  f64,
);
const expected = [
  {
    s: 8,
    m2: 0.5,
    m3: 0,
    loss: [0.422431, 12.101608, 10.664644],
    grad: [
      [2.746233, 0.010155, -5.147479],
      [1.343845, 6.65611, -7.999956],
      [-4.14401, 1.343822, 6.655992],
    ],
  },
  {
    s: 8,
    m2: 0,
    m3: 0.35,
    loss: [0.514498, 12.983903, 10.983918],
    grad: [
      [3.205741, 0.011854, -3.217596],
      [1.34385, 6.656132, -7.999982],
      [-7.999864, 1.34383, 6.656034],
    ],
  },
  {
    s: 8,
    m2: 0.3,
    m3: 0.2,
    loss: [0.578475, 12.182672, 11.460856],
    grad: [
      [3.501032, 0.012946, -5.501166],
      [1.343846, 6.656113, -0.449882],
      [-5.869509, 1.343839, 6.656077],
    ],
  },
];
for (const { s, m2, m3, loss, grad: g } of expected) {
  test(`marginSoftmaxLoss matches PyTorch (scale ${s}, angular ${m2}, cosine ${m3}), fallback branch included`, () => {
    const options = { scale: s, angularMargin: m2, cosineMargin: m3 };
    const t = ints([2, 2, 0]);
    expectClose(marginSoftmaxLoss(cosine, t, { ...options, reduction: 'none' }), loss, { atol: 1e-5 });
    expectClose(grad((c) => marginSoftmaxLoss(c, t, { ...options, reduction: 'sum' }))(cosine), g, {
      atol: 1e-5,
    });
  });
}

test('marginSoftmaxLoss without margins is the cross-entropy of the scaled cosines (NormFace)', () => {
  // −log softmax(4·[0.5, −0.2, 0.9])[2] = log(1 + e^(4·(0.5−0.9)) + e^(4·(−0.2−0.9)))
  const expectedLoss = Math.log(1 + Math.exp(-1.6) + Math.exp(-4.4));
  expectClose(marginSoftmaxLoss(tensor([[0.5, -0.2, 0.9]]), ints([2]), { scale: 4 }), expectedLoss);
});
