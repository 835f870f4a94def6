import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueAndGrad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { batchNorm } from './batch-norm.js';
import { mul } from './mul.js';
import { select } from './narrow.js';
import { sum } from './sum.js';

/**
 * y[n, c, r] = (x[n, c, r] − m_c) / √(v_c + eps) · w_c + b_c, with m, v the mean and biased
 * variance of channel c over every n and r (training), or the given running ones (eval).
 */
function batchNormReference(eps: number, stats?: { mean: Plain; variance: Plain }) {
  return (x: Plain, w: Plain, b: Plain): Plain => {
    const [n, c] = x.shape as [number, number];
    const rest = x.shape.slice(2).reduce((a, s) => a * s, 1);
    const at = (i: number, ch: number, r: number): number => (i * c + ch) * rest + r;
    const data = new Array<number>(x.data.length);
    for (let ch = 0; ch < c; ch++) {
      let m = 0;
      let v = 0;
      if (stats) {
        m = stats.mean.data[ch]!;
        v = stats.variance.data[ch]!;
      } else {
        for (let i = 0; i < n; i++) for (let r = 0; r < rest; r++) m += x.data[at(i, ch, r)]!;
        m /= n * rest;
        for (let i = 0; i < n; i++) for (let r = 0; r < rest; r++) v += (x.data[at(i, ch, r)]! - m) ** 2;
        v /= n * rest;
      }
      for (let i = 0; i < n; i++)
        for (let r = 0; r < rest; r++)
          data[at(i, ch, r)] = ((x.data[at(i, ch, r)]! - m) / Math.sqrt(v + eps)) * w.data[ch]! + b.data[ch]!;
    }
    return { shape: x.shape, data };
  };
}

checkOp({
  name: 'batchNorm (training, batch statistics)',
  fn: (x: Tensor, w: Tensor, b: Tensor) => batchNorm(x, { weight: w, bias: b, training: true }),
  reference: batchNormReference(1e-5),
  cases: [
    [[4, 3], [3], [3]],
    [[2, 3, 4], [3], [3]],
    [[2, 2, 2, 3], [2], [2]],
    [[0, 3], [3], [3]],
    [[3, 0, 2], [0], [0]],
  ],
  float32Tolerance: 1e-4,
  errors: [
    {
      what: 'a rank-1 input',
      call: () => batchNorm(ones([3]), { training: true }),
      message: /batchNorm: x must have rank ≥ 2 \[batch, channels, \.\.\.\], got shape \[3\]/,
      type: ShapeError,
    },
    {
      what: 'an int32 input',
      call: () => batchNorm(zeros([2, 3], { dtype: 'int32' }), { training: true }),
      message: /batchNorm: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
    {
      what: 'one value per channel in training',
      call: () => batchNorm(ones([1, 3, 1]), { training: true }),
      message:
        /batchNorm: expected more than 1 value per channel in training, got input of shape \[1, 3, 1\]/,
      type: ValueError,
    },
    {
      what: 'a weight of the wrong size',
      call: () => batchNorm(ones([2, 3]), { weight: ones([2]), training: true }),
      message: /batchNorm: weight must have shape \[3\], got \[2\]/,
      type: ShapeError,
    },
    {
      what: 'eval without running statistics',
      call: () => batchNorm(ones([2, 3])),
      message: /batchNorm: runningMean and runningVar are required in eval mode/,
      type: ValueError,
    },
    {
      what: 'a running mean without a running variance',
      call: () => batchNorm(ones([2, 3]), { runningMean: zeros([3]), training: true }),
      message: /batchNorm: runningMean and runningVar must be given together/,
      type: ValueError,
    },
    {
      what: 'a non-finite eps',
      call: () => batchNorm(ones([2, 3]), { eps: Number.NaN, training: true }),
      message: /batchNorm: eps must be a finite number, got NaN/,
      type: ValueError,
    },
  ],
});

const runningVar = tensor([0.5, 1, 2], { dtype: 'float64' });
checkOp({
  name: 'batchNorm (eval, running statistics)',
  fn: (x: Tensor, m: Tensor, v: Tensor, w: Tensor, b: Tensor) =>
    batchNorm(x, { runningMean: m, runningVar: v, weight: w, bias: b, eps: 1e-3 }),
  reference: (x, m, v, w, b) => batchNormReference(1e-3, { mean: m, variance: v })(x, w, b),
  cases: [
    [[4, 3], [3], runningVar, [3], [3]],
    [[2, 3, 2, 2], [3], runningVar, [3], [3]],
    [[0, 3, 2], [3], runningVar, [3], [3]],
  ],
});

// The values below come from PyTorch 1.13: F.batch_norm(x, rm, rv, w, b, training=True,
// momentum=0.2, eps=1e-3) on these inputs, then (y * up).sum().backward().
const x = tensor(
  [
    [
      [1, 2],
      [3, -1],
    ],
    [
      [0.5, 4],
      [2, -3],
    ],
    [
      [-2, 1],
      [0, 1.5],
    ],
  ],
  { dtype: 'float64' },
);
const w = tensor([2, -1], { dtype: 'float64' });
const b = tensor([0.5, 1], { dtype: 'float64' });
const up = tensor(
  [
    [
      [1, -1],
      [2, 0.5],
    ],
    [
      [0, 3],
      [-2, 1],
    ],
    [
      [1, 1],
      [0.5, -1],
    ],
  ],
  { dtype: 'float64' },
);

test('batchNorm in training agrees with PyTorch: output, running statistics and gradients', () => {
  const runningMean = tensor([0.1, -0.2], { dtype: 'float64' });
  const runningVar = tensor([1.5, 0.5], { dtype: 'float64' });
  const f = (x: Tensor, w: Tensor, b: Tensor) =>
    batchNorm(x, { runningMean, runningVar, weight: w, bias: b, training: true, momentum: 0.2, eps: 1e-3 });
  expectClose(
    f(x, w, b),
    [
      0.4068652583, 1.5244821588, -0.2859373622, 1.7051914567, -0.151943192, 3.7597159599, 0.2118448425,
      2.7007558661, -2.9459854434, 0.4068652583, 1.207409252, 0.4607359449,
    ],
    { rtol: 1e-9, atol: 1e-9 },
  );
  // r ← 0.8·r + 0.2·batch, twice now (the call above and the one in valueAndGrad below).
  const [, [dx, dw, db]] = valueAndGrad((x: Tensor, w: Tensor, b: Tensor) => sum(mul(f(x, w, b), up)))(
    x,
    w,
    b,
  );
  // After one update PyTorch has rm = [0.2966666667, -0.0766666667], rv = [1.9683333333, 1.3683333333];
  // the second update moves them 0.2 of the way again towards the same batch statistics.
  const batchMean = [(0.2966666667 - 0.8 * 0.1) / 0.2, (-0.0766666667 - 0.8 * -0.2) / 0.2];
  const batchVar = [(1.9683333333 - 0.8 * 1.5) / 0.2, (1.3683333333 - 0.8 * 0.5) / 0.2];
  expectClose(
    runningMean,
    [0.8 * 0.2966666667 + 0.2 * batchMean[0]!, 0.8 * -0.0766666667 + 0.2 * batchMean[1]!],
    {
      rtol: 1e-8,
      atol: 1e-9,
    },
  );
  expectClose(
    runningVar,
    [0.8 * 1.9683333333 + 0.2 * batchVar[0]!, 0.8 * 1.3683333333 + 0.2 * batchVar[1]!],
    {
      rtol: 1e-8,
      atol: 1e-9,
    },
  );
  expectClose(
    dx!,
    [
      0.2084855842, -2.2933414265, -1.0940477574, -0.0664241813, -0.7758347115, 1.6439397564, 0.9673186287,
      -0.1748401491, 1.0082652131, 0.2084855842, -0.1366617485, 0.5046552076,
    ],
    { rtol: 1e-8, atol: 1e-9 },
  );
  expectClose(dw!, [2.5612053971, -1.7007558661], { rtol: 1e-9, atol: 1e-9 });
  expectClose(db!, [5, 1], { rtol: 1e-12, atol: 1e-12 });
});

test('batchNorm in training updates the running statistics as PyTorch (unbiased variance)', () => {
  const runningMean = tensor([0.1, -0.2], { dtype: 'float64' });
  const runningVar = tensor([1.5, 0.5], { dtype: 'float64' });
  batchNorm(x, { runningMean, runningVar, training: true, momentum: 0.2, eps: 1e-3 });
  expectClose(runningMean, [0.2966666667, -0.0766666667], { rtol: 1e-9, atol: 1e-9 });
  expectClose(runningVar, [1.9683333333, 1.3683333333], { rtol: 1e-9, atol: 1e-9 });
  // A float32 running estimate takes the float64 update in its own dtype.
  const mean32 = zeros([2]);
  batchNorm(x, { runningMean: mean32, runningVar: ones([2]), training: true });
  assert.equal(mean32.dtype, 'float32');
  // Channel means: 6.5 / 6 and 2.5 / 6.
  expectClose(mean32, [0.1 * (6.5 / 6), 0.1 * (2.5 / 6)]);
});

test('batchNorm in eval agrees with PyTorch (running statistics, no update)', () => {
  const runningMean = tensor([0.2966666667, -0.0766666667], { dtype: 'float64' });
  const runningVar = tensor([1.9683333333, 1.3683333333], { dtype: 'float64' });
  const y = batchNorm(x, { runningMean, runningVar, weight: w, bias: b, eps: 1e-3 });
  expectClose(
    y,
    [
      1.5023781246, 2.9275602924, -1.6292135161, 1.78904891, 0.7897870408, 5.7779246279, -0.7746479095,
      3.4981801231, -2.7731683786, 1.5023781246, 0.9344833035, -0.3473651063,
    ],
    { rtol: 1e-8, atol: 1e-8 },
  );
  expectClose(runningMean, [0.2966666667, -0.0766666667], { rtol: 0, atol: 0 });
});

test('batchNorm in eval: scale and shift computed on the host (no gradient) equal the ops path bit for bit', () => {
  // With a weight that requires a gradient, eval mode builds scale and shift from ops (add, rsqrt,
  // mul, sub); without, on the host. The two must agree exactly, in both float dtypes, with a
  // strided running variance and without weight or bias.
  for (const dtype of ['float32', 'float64'] as const) {
    const xs = tensor(
      Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.sin(i * 1.7) * 3),
      { shape: [2, 3, 4], dtype },
    );
    const runningMean = tensor([0.31, -1.7, 2.2], { dtype });
    const runningVar = select(tensor([0.37, 9, 1e-4, 9, 2.9, 9], { shape: [3, 2], dtype }), 1, 0);
    const weight = tensor([1.3, -0.7, 0.01], { dtype });
    const tracked = tensor([1.3, -0.7, 0.01], { dtype, requiresGrad: true });
    const bias = tensor([0.5, 0, -2], { dtype });
    const host = batchNorm(xs, { runningMean, runningVar, weight, bias, eps: 1e-5 });
    const ops = batchNorm(xs, {
      runningMean,
      runningVar,
      weight: tracked,
      bias,
      eps: 1e-5,
    });
    assert.deepEqual(Array.from(host.data()), Array.from(ops.data()), dtype);
    const bare = batchNorm(xs, { runningMean, runningVar });
    const trackedMean = tensor([0.31, -1.7, 2.2], { dtype, requiresGrad: true });
    const bareOps = batchNorm(xs, { runningMean: trackedMean, runningVar });
    assert.deepEqual(Array.from(bare.data()), Array.from(bareOps.data()), `${dtype}, no weight or bias`);
  }
});

test('batchNorm on a zero-size batch in training leaves the running statistics alone (as PyTorch)', () => {
  const runningMean = zeros([3]);
  const runningVar = ones([3]);
  const y = batchNorm(zeros([0, 3]), { runningMean, runningVar, training: true });
  assert.deepEqual(y.shape, [0, 3]);
  expectClose(runningMean, [0, 0, 0]);
  expectClose(runningVar, [1, 1, 1]);
});

test('batchNorm updates running statistics that are strided views in place, through to their base', () => {
  // Column 0 of a [2, 2] table: strides [2], not contiguous.
  const table = zeros([2, 2]);
  const runningMean = select(table, 1, 0);
  batchNorm(x.cast('float32'), { runningMean, runningVar: ones([2]), training: true });
  // Channel means 6.5 / 6 and 2.5 / 6, times momentum 0.1, land in column 0 only.
  expectClose(table, [0.1 * (6.5 / 6), 0, 0.1 * (2.5 / 6), 0]);
});
