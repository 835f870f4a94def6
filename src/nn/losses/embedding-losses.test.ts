import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../../errors.js';
import { tensor } from '../../tensor/creation.js';
import { checkOp, type Plain } from '../../testing/check-op.js';
import { distanceInputs } from '../../testing/distance-inputs.js';
import { expectClose } from '../../testing/expect-close.js';
import { contrastiveLoss } from './contrastive-loss.js';
import { cosineEmbeddingLoss } from './cosine-embedding-loss.js';
import { marginRankingLoss } from './margin-ranking-loss.js';
import { tripletMarginLoss } from './triplet-margin-loss.js';

const f64 = { dtype: 'float64' } as const;
const rowsOf = (x: Plain): number[][] => {
  const d = x.shape.at(-1)!;
  return Array.from({ length: x.data.length / d || 0 }, (_, i) => x.data.slice(i * d, (i + 1) * d));
};
const distance = (a: number[], b: number[], p = 2, eps = 1e-6): number =>
  a.reduce((s, v, k) => s + Math.abs(v - b[k]! + eps) ** p, 0) ** (1 / p);
const cosine = (a: number[], b: number[]): number => {
  const dot = a.reduce((s, v, k) => s + v * b[k]!, 0);
  const sq = (v: number[]) => v.reduce((s, x) => s + x * x, 0) + 1e-12;
  return dot / Math.sqrt(sq(a) * sq(b));
};
const pm1 = tensor([1, -1, -1, 1], f64);

for (const [swap, p] of [
  [false, 2],
  [true, 2],
  [false, 1],
] as const) {
  checkOp({
    name: `tripletMarginLoss swap=${swap} p=${p}`,
    fn: (a, pos, neg) => tripletMarginLoss(a!, pos!, neg!, { margin: 1, p, swap, reduction: 'none' }),
    reference: (a, pos, neg) => {
      const [ra, rp, rn] = [rowsOf(a), rowsOf(pos), rowsOf(neg)];
      const data = ra.map((r, i) => {
        let dn = distance(r, rn[i]!, p);
        if (swap) dn = Math.min(dn, distance(rp[i]!, rn[i]!, p));
        return Math.max(0, distance(r, rp[i]!, p) - dn + 1);
      });
      return { shape: [ra.length], data };
    },
    cases: [
      [
        [5, 3],
        [5, 3],
        [5, 3],
      ],
      [
        [0, 3],
        [0, 3],
        [0, 3],
      ],
    ],
    errors: swap
      ? []
      : [
          {
            what: 'a negative of another vector size',
            call: () => tripletMarginLoss(tensor([[1, 2]]), tensor([[1, 2]]), tensor([[1]])),
            message:
              /tripletMarginLoss: anchor and negative must end in the same vector size, got \[1, 2\] and \[1, 1\]/,
            type: ShapeError,
          },
          {
            what: 'an infinite margin',
            call: () => tripletMarginLoss(tensor([[1]]), tensor([[1]]), tensor([[1]]), { margin: Infinity }),
            message: /tripletMarginLoss: margin must be a finite number, got Infinity/,
            type: ValueError,
          },
        ],
  });
}

checkOp({
  name: 'marginRankingLoss margin 0.5',
  fn: (x1, x2, y) => marginRankingLoss(x1!, x2!, y!, { margin: 0.5, reduction: 'none' }),
  elementwise: (x1, x2, y) => Math.max(0, -y! * (x1! - x2!) + 0.5),
  cases: [{ inputs: [[4], [4], pm1] }, { inputs: [[0], [0], tensor([], f64)] }],
  errors: [
    {
      what: 'a target of another shape',
      call: () => marginRankingLoss(tensor([1, 2]), tensor([1, 2]), tensor([1])),
      message: /marginRankingLoss: target shape \[1\] must equal input shape \[2\]/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'cosineEmbeddingLoss margin 0.2',
  fn: (x1, x2, y) => cosineEmbeddingLoss(x1!, x2!, y!, { margin: 0.2, reduction: 'none' }),
  reference: (x1, x2, y) => {
    const [r1, r2] = [rowsOf(x1), rowsOf(x2)];
    const data = r1.map((r, i) => {
      const c = cosine(r, r2[i]!);
      return y.data[i] === 1 ? 1 - c : Math.max(0, c - 0.2);
    });
    return { shape: [r1.length], data };
  },
  cases: [{ inputs: [[4, 3], [4, 3], pm1] }, { inputs: [[0, 3], [0, 3], tensor([], f64)] }],
  errors: [
    {
      what: 'a target per element instead of per row',
      call: () => cosineEmbeddingLoss(tensor([[1, 2]]), tensor([[1, 2]]), tensor([[1, 1]])),
      message: /cosineEmbeddingLoss: x1 must be \[N, D\] with target \[N\]/,
      type: ShapeError,
    },
    {
      what: 'a margin outside [-1, 1]',
      call: () => cosineEmbeddingLoss(tensor([[1, 2]]), tensor([[1, 2]]), tensor([1]), { margin: 2 }),
      message: /cosineEmbeddingLoss: margin must be in \[-1, 1\], got 2/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'contrastiveLoss margin 2',
  fn: (x1, x2, y) => contrastiveLoss(x1!, x2!, y!, { margin: 2, reduction: 'none' }),
  reference: (x1, x2, y) => {
    const [r1, r2] = [rowsOf(x1), rowsOf(x2)];
    const data = r1.map((r, i) => {
      const d = distance(r, r2[i]!);
      return y.data[i] === 1 ? 0.5 * d * d : 0.5 * Math.max(0, 2 - d) ** 2;
    });
    return { shape: [r1.length], data };
  },
  domain: [-1, 1],
  cases: [
    { inputs: [[4, 3], [4, 3], tensor([1, 0, 0, 1], f64)] },
    { inputs: [[0, 3], [0, 3], tensor([], f64)] },
  ],
  errors: [
    {
      what: 'a target of another length',
      call: () => contrastiveLoss(tensor([[1, 2]]), tensor([[1, 2]]), tensor([1, 0])),
      message: /contrastiveLoss: target must have shape \[1\] \(one per pair\), got \[2\]/,
      type: ShapeError,
    },
    {
      what: 'a zero margin',
      call: () => contrastiveLoss(tensor([[1]]), tensor([[1]]), tensor([1]), { margin: 0 }),
      message: /contrastiveLoss: margin must be positive, got 0/,
      type: ValueError,
    },
  ],
});

// The inputs of the PyTorch checks; values from PyTorch 1.13 (F.triplet_margin_loss etc.).
const { x1, x2, x3 } = distanceInputs();
const exact = { rtol: 1e-12, atol: 1e-12 };

test('tripletMarginLoss agrees with PyTorch (margin, p, swap, reduction)', () => {
  // anchor x1, positive x3, negative x2
  const none = { reduction: 'none' } as const;
  expectClose(tripletMarginLoss(x1, x3, x2, none), [2.450370193949532, 1.612371520143473], exact);
  expectClose(
    tripletMarginLoss(x1, x3, x2, { ...none, p: 1 }),
    [3.5000020000000003, 1.9999980000000002],
    exact,
  );
  expectClose(
    tripletMarginLoss(x1, x3, x2, { ...none, swap: true }),
    [2.680105301571788, 1.612371520143473],
    exact,
  );
  expectClose(tripletMarginLoss(x1, x3, x2, { margin: 3 }), [4.031370857046502], exact);
});

test('marginRankingLoss and cosineEmbeddingLoss agree with PyTorch', () => {
  const a = tensor([0.3, -1.2, 2.0, 0.5], f64);
  const b = tensor([1.0, -1.0, 0.5, 0.5], f64);
  expectClose(marginRankingLoss(a, b, pm1, { reduction: 'none' }), [0.7, 0, 1.5, 0], exact);
  expectClose(marginRankingLoss(a, b, pm1, { margin: 0.5 }), [1], exact);
  const t = tensor([1, -1], f64);
  expectClose(
    cosineEmbeddingLoss(x1, x3, t, { reduction: 'none' }),
    [1.4763305116223655, 0.9337990556473119],
    exact,
  );
  expectClose(
    cosineEmbeddingLoss(x1, x3, tensor([-1, -1], f64), { margin: -0.5, reduction: 'none' }),
    [0.02366948837763455, 1.433799055647312],
    exact,
  );
  expectClose(cosineEmbeddingLoss(x1, x3, t), [1.2050647836348387], exact);
});

test('contrastiveLoss pulls similar pairs and pushes dissimilar ones to the margin', () => {
  const a = tensor([
    [0, 0],
    [0, 0],
    [0, 0],
  ]);
  const b = tensor([
    [3, 4],
    [0, 0.5],
    [3, 4],
  ]);
  // d = [5, 0.5, 5]: similar ½·25; dissimilar inside the margin ½·(1 − 0.5)²; beyond it 0
  expectClose(contrastiveLoss(a, b, tensor([1, 0, 0]), { eps: 0, reduction: 'none' }), [12.5, 0.125, 0]);
  assert.equal(contrastiveLoss(a, b, tensor([1, 0, 0]), { eps: 0, reduction: 'sum' }).item(), 12.625);
});
