import { test } from 'node:test';
import { valueAndGrad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { groupNorm } from './group-norm.js';
import { mul } from './mul.js';
import { sum } from './sum.js';

/**
 * For each sample n and group g (channels g·C/G … (g + 1)·C/G − 1, all positions): (x − mean) /
 * √(biased var + eps), then · w_c + b_c per channel.
 */
function groupNormReference(groups: number, eps: number) {
  return (x: Plain, w: Plain, b: Plain): Plain => {
    const [n, c] = x.shape as [number, number];
    const rest = x.shape.slice(2).reduce((a, s) => a * s, 1);
    const block = (c / groups) * rest;
    const data = new Array<number>(x.data.length);
    for (let i = 0; i < n; i++) {
      for (let g = 0; g < groups; g++) {
        const start = (i * groups + g) * block;
        let m = 0;
        for (let j = 0; j < block; j++) m += x.data[start + j]!;
        m /= block;
        let v = 0;
        for (let j = 0; j < block; j++) v += (x.data[start + j]! - m) ** 2;
        v /= block;
        for (let j = 0; j < block; j++) {
          const ch = g * (c / groups) + Math.floor(j / rest);
          data[start + j] = ((x.data[start + j]! - m) / Math.sqrt(v + eps)) * w.data[ch]! + b.data[ch]!;
        }
      }
    }
    return { shape: x.shape, data };
  };
}

checkOp({
  name: 'groupNorm, 2 groups',
  fn: (x: Tensor, w: Tensor, b: Tensor) => groupNorm(x, 2, { weight: w, bias: b }),
  reference: groupNormReference(2, 1e-5),
  cases: [
    [[2, 4, 3], [4], [4]],
    [[3, 6], [6], [6]],
    [[2, 2, 2, 3], [2], [2]],
    [[0, 4, 3], [4], [4]],
  ],
  float32Tolerance: 1e-4,
  errors: [
    {
      what: 'channels not divisible by numGroups',
      call: () => groupNorm(ones([2, 6, 2]), 4),
      message: /groupNorm: the channels of x \(6, shape \[2, 6, 2\]\) must be divisible by numGroups \(4\)/,
      type: ShapeError,
    },
    {
      what: 'zero groups',
      call: () => groupNorm(ones([2, 6]), 0),
      message: /groupNorm: numGroups must be a positive integer, got 0/,
      type: ValueError,
    },
    {
      what: 'a rank-1 input',
      call: () => groupNorm(ones([6]), 3),
      message: /groupNorm: x must have rank ≥ 2 \[batch, channels, \.\.\.\], got shape \[6\]/,
      type: ShapeError,
    },
    {
      what: 'a bias of the wrong size',
      call: () => groupNorm(ones([2, 6]), 3, { bias: ones([3]) }),
      message: /groupNorm: bias must have shape \[6\], got \[3\]/,
      type: ShapeError,
    },
    {
      what: 'an int32 input',
      call: () => groupNorm(zeros([2, 6], { dtype: 'int32' }), 3),
      message: /groupNorm: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

checkOp({
  name: 'groupNorm, one group per channel (instance norm), no weight or bias',
  fn: (x: Tensor) => groupNorm(x, 3, { eps: 1e-3 }),
  reference: (x) =>
    groupNormReference(3, 1e-3)(x, { shape: [3], data: [1, 1, 1] }, { shape: [3], data: [0, 0, 0] }),
  cases: [[[2, 3, 4]]],
});

test('groupNorm agrees with PyTorch: output and gradients of x, weight and bias', () => {
  // From PyTorch 1.13: F.group_norm(x, 2, w, b, eps=1e-5), then (y * sin(arange(24))).sum().backward().
  const x = tensor(
    [
      [
        [1, 2, 0],
        [3, 1, -1],
        [0.5, 2, 4],
        [1, 1, 2],
      ],
      [
        [2, -2, 1],
        [0, 0, 3],
        [1, 5, -1],
        [2, 0, 1],
      ],
    ],
    { dtype: 'float64' },
  );
  const w = tensor([1, 2, -1, 0.5], { dtype: 'float64' });
  const b = tensor([0, 1, 0.5, -1], { dtype: 'float64' });
  const up = tensor(
    Array.from({ length: 24 }, (_, i) => Math.sin(i)),
    { shape: [2, 4, 3], dtype: 'float64' },
  );
  const f = (x: Tensor, w: Tensor, b: Tensor) => groupNorm(x, 2, { weight: w, bias: b });
  const tol = { rtol: 1e-8, atol: 1e-8 };
  expectClose(
    f(x, w, b),
    [
      0, 0.7745943455, -0.7745943455, 4.0983773818, 1, -2.0983773818, 1.5910852947, 0.2817829411,
      -1.4639535304, -1.3273255884, -1.3273255884, -0.8908914705, 0.8340560244, -1.6681120488, 0.2085140061,
      0.1659439756, 0.1659439756, 3.9191960853, 0.6767764467, -1.4445409138, 1.7374351269, -0.8232235533,
      -1.3535528934, -1.0883882234,
    ],
    tol,
  );
  const [, [dx, dw, db]] = valueAndGrad((x: Tensor, w: Tensor, b: Tensor) => sum(mul(f(x, w, b), up)))(
    x,
    w,
    b,
  );
  expectClose(
    dx!,
    [
      0.1805379461, 0.4967571916, 1.2204540124, -0.2719993757, -0.9918919209, -0.6338578534, 0.1350522891,
      -0.2142654371, 0.1196684692, 0.2270345837, -0.1902573575, -0.0772325474, 0.0503384099, -0.4078595919,
      0.7414840796, 0.6712125299, -0.5025434496, -0.5526319778, 0.4411991232, -0.2111810448, -0.3539204426,
      0.2211237397, 0.0842378265, -0.1814592021,
    ],
    tol,
  );
  expectClose(dw!, [-0.9944000417, 0.1497977675, 1.6857741468, 0.3197879573], tol);
  expectClose(db!, [2.6249698862, -2.1736197303, 1.6787645608, -1.1503089071], tol);
});
