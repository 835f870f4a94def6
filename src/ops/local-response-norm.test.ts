import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { localResponseNorm } from './local-response-norm.js';

/** b_c = a_c / (k + α/n · Σ_{c − ⌊n/2⌋ ≤ c' ≤ c + ⌊(n − 1)/2⌋} a_{c'}²)^β, channel by channel. */
const reference =
  (size: number, alpha: number, beta: number, k: number) =>
  (x: Plain): Plain => {
    const c = x.shape[1]!;
    const plane = x.shape.slice(2).reduce((a, b) => a * b, 1);
    const data = x.data.map((v, i) => {
      const ch = Math.floor(i / plane) % c;
      const base = i - ch * plane;
      let total = 0;
      for (let j = ch - Math.floor(size / 2); j <= ch + Math.floor((size - 1) / 2); j++)
        if (j >= 0 && j < c) total += x.data[base + j * plane]! ** 2;
      return v / (k + (alpha / size) * total) ** beta;
    });
    return { shape: x.shape, data };
  };

checkOp({
  name: 'localResponseNorm size 3, alpha 0.5, beta 0.75, k 2',
  fn: (x: Tensor) => localResponseNorm(x, { size: 3, alpha: 0.5, beta: 0.75, k: 2 }),
  reference: reference(3, 0.5, 0.75, 2),
  cases: [[[2, 5, 3, 2]], [[1, 4, 3]], [[0, 4, 2, 2]]],
  errors: [
    {
      what: 'a 2-d input',
      call: () => localResponseNorm(zeros([2, 3]), { size: 2 }),
      message: /localResponseNorm: x must have rank ≥ 3 \[batch, channels, ...spatial\], got shape \[2, 3\]/,
      type: ShapeError,
    },
    {
      what: 'a zero size',
      call: () => localResponseNorm(zeros([1, 2, 3]), { size: 0 }),
      message: /localResponseNorm: size must be a positive integer, got 0/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'localResponseNorm size 4 (defaults: alpha 1e-4, beta 0.75, k 1)',
  fn: (x: Tensor) => localResponseNorm(x, { size: 4 }),
  reference: reference(4, 1e-4, 0.75, 1),
  cases: [[[1, 6, 2, 2]]],
});

test('localResponseNorm: two channels with size 2, α = 2, β = 1, k = 1', () => {
  // Channel 0 sees channels −1..0 (just itself): 3 / (1 + 2/2·9) = 0.3; channel 1 sees 0..1: 4 / (1 + 25) = 2/13.
  const y = localResponseNorm(tensor([[[3], [4]]]), { size: 2, alpha: 2, beta: 1, k: 1 });
  expectClose(y, [[[0.3], [4 / 26]]]);
});
