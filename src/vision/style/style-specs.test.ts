// The style-transfer costs' specs: every backend against float64 references written from the
// course's formulas, gradcheck, empty activations, and the inputs that must fail.
import { DTypeError, ShapeError, ValueError, zeros } from '../../index.js';
import { checkOp, type Plain } from '../../testing/check-op.js';
import { contentCost } from './content-cost.js';
import { gramMatrix } from './gram-matrix.js';
import { styleCost } from './style-cost.js';
import { totalVariation } from './total-variation.js';

/** The activations of one image as [nC, nH·nW] rows, whether given as [nC, nH, nW] or [1, nC, nH, nW]. */
function channels(p: Plain): number[][] {
  const [nC, nH, nW] = p.shape.slice(-3) as [number, number, number];
  return Array.from({ length: nC }, (_, c) => p.data.slice(c * nH * nW, (c + 1) * nH * nW));
}

const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i]!, 0);

/** G[i][j] = Σ_k A[i][k]·A[j][k] over the positions k of each image in the batch. */
function gram(p: Plain): Plain {
  const [nC, nH, nW] = p.shape.slice(-3) as [number, number, number];
  const lead = p.shape.slice(0, -3);
  const images = lead.reduce((n, d) => n * d, 1);
  const data: number[] = [];
  for (let n = 0; n < images; n++) {
    const rows = channels({
      shape: [nC, nH, nW],
      data: p.data.slice(n * nC * nH * nW, (n + 1) * nC * nH * nW),
    });
    for (const u of rows) for (const v of rows) data.push(dot(u, v));
  }
  return { shape: [...lead, nC, nC], data };
}

/** J = Σ(aC − aG)² / (4·nH·nW·nC), and 0 for empty activations. */
function content(c: Plain, g: Plain): Plain {
  const squares = c.data.reduce((s, x, i) => s + (x - g.data[i]!) ** 2, 0);
  return { shape: [], data: [c.data.length === 0 ? 0 : squares / (4 * c.data.length)] };
}

/** J = Σ(GS/(nH·nW)_S − GG/(nH·nW)_G)² / (4·nC²), the course's 1/(4·nC²·(nH·nW)²) when sizes agree. */
function styleLayer(s: Plain, g: Plain): number {
  const nC = s.shape.at(-3)!;
  if (nC === 0) return 0;
  const per = (p: Plain) => gram(p).data.map((x) => x / (p.shape.at(-1)! * p.shape.at(-2)!));
  const gs = per(s);
  const gg = per(g);
  return gs.reduce((t, x, i) => t + (x - gg[i]!) ** 2, 0) / (4 * nC * nC);
}

/** Σ|x[i+1, j] − x[i, j]| + Σ|x[i, j+1] − x[i, j]| over the last two axes of every image. */
function variation(x: Plain): Plain {
  const h = x.shape.at(-2)!;
  const w = x.shape.at(-1)!;
  let total = 0;
  for (let base = 0; base < x.data.length; base += h * w)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) {
        const v = x.data[base + i * w + j]!;
        if (i + 1 < h) total += Math.abs(x.data[base + (i + 1) * w + j]! - v);
        if (j + 1 < w) total += Math.abs(x.data[base + i * w + j + 1]! - v);
      }
  return { shape: [], data: [total] };
}

const ints = (shape: number[]) => zeros(shape, { dtype: 'int32' });

checkOp({
  name: 'contentCost',
  fn: (c, g) => contentCost(c!, g!),
  reference: content,
  cases: [
    [
      [1, 3, 4, 5],
      [1, 3, 4, 5],
    ],
    [
      [2, 1, 3],
      [2, 1, 3],
    ],
    [
      [0, 2, 2],
      [0, 2, 2],
    ],
  ],
  errors: [
    {
      what: 'activations of two shapes',
      call: () => contentCost(zeros([1, 2, 2, 2]), zeros([1, 2, 2, 3])),
      message: /contentCost: aC \[2, 2, 2\] and aG \[2, 2, 3\] must have one shape/,
      type: ShapeError,
    },
    {
      what: 'a batch of two',
      call: () => contentCost(zeros([2, 2, 2, 2]), zeros([2, 2, 2, 2])),
      message: /contentCost: aC must be \[nC, nH, nW\] or \[1, nC, nH, nW\], got \[2, 2, 2, 2\]/,
      type: ShapeError,
    },
    {
      what: 'int32 activations',
      call: () => contentCost(zeros([2, 2, 2]), ints([2, 2, 2])),
      message: /contentCost: aG must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

checkOp({
  name: 'gramMatrix',
  fn: (x) => gramMatrix(x!),
  reference: gram,
  cases: [[[3, 4, 5]], [[2, 3, 2, 2]], [[0, 2, 2]], [[2, 0, 3]], [[0, 3, 2, 2]]],
  errors: [
    {
      what: 'a matrix',
      call: () => gramMatrix(zeros([3, 4])),
      message: /gramMatrix: features must be \[nC, nH, nW\] or \[N, nC, nH, nW\], got \[3, 4\]/,
      type: ShapeError,
    },
    {
      what: 'int32 features',
      call: () => gramMatrix(ints([2, 2, 2])),
      message: /gramMatrix: features must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

checkOp({
  name: 'styleCost (one layer)',
  fn: (s, g) => styleCost(s!, g!),
  reference: (s, g) => ({ shape: [], data: [styleLayer(s, g)] }),
  // the same size, and a style image larger than the generated one
  cases: [
    [
      [1, 3, 4, 4],
      [1, 3, 4, 4],
    ],
    [
      [2, 5, 6],
      [2, 3, 4],
    ],
    [
      [0, 2, 2],
      [0, 3, 3],
    ],
  ],
  errors: [
    {
      what: 'a channel mismatch',
      call: () => styleCost(zeros([1, 2, 1, 2]), zeros([1, 3, 1, 2])),
      message: /styleCost: aS has 2 channels and aG 3; they must match/,
      type: ShapeError,
    },
    {
      what: 'activations with no positions',
      call: () => styleCost(zeros([2, 2, 2]), zeros([2, 0, 3])),
      message: /styleCost: aG \[2, 0, 3\] has no positions \(nH·nW = 0\)/,
      type: ShapeError,
    },
    {
      what: 'int32 activations',
      call: () => styleCost(ints([2, 2, 2]), zeros([2, 2, 2])),
      message: /styleCost: aS must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

checkOp({
  name: 'styleCost (two layers, weights 0.3 and 0.7)',
  fn: (s1, s2, g1, g2) => styleCost([s1!, s2!], [g1!, g2!], [0.3, 0.7]),
  reference: (s1, s2, g1, g2) => ({
    shape: [],
    data: [0.3 * styleLayer(s1!, g1!) + 0.7 * styleLayer(s2!, g2!)],
  }),
  cases: [
    [
      [1, 2, 3, 3],
      [1, 4, 2, 2],
      [1, 2, 3, 3],
      [1, 4, 2, 2],
    ],
  ],
  errors: [
    {
      what: 'lists of different lengths',
      call: () => styleCost([zeros([1, 1, 1])], []),
      message: /styleCost: aS and aG must list the same layers, at least one, got 1 and 0/,
      type: ValueError,
    },
    {
      what: 'a weight per layer missing',
      call: () => styleCost([zeros([1, 1, 1])], [zeros([1, 1, 1])], [1, 2]),
      message: /styleCost: weights must hold one finite number per layer \(1\), got \[1,2\]/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'totalVariation',
  fn: (x) => totalVariation(x!),
  reference: variation,
  cases: [[[2, 3, 4]], [[1, 2, 5, 5]], [[4, 1]], [[3, 3]], [[0, 3, 3]], [[2, 0, 3]]],
  errors: [
    {
      what: 'a vector',
      call: () => totalVariation(zeros([4])),
      message: /totalVariation: x must have at least 2 axes \[\.\.\., H, W\], got \[4\]/,
      type: ShapeError,
    },
    {
      what: 'an int32 image',
      call: () => totalVariation(ints([2, 2])),
      message: /totalVariation: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});
