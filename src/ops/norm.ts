import { ValueError } from '../errors.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs } from './abs.js';
import { eq } from './compare.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { reducedShape } from './core/reduce-axes.js';
import { div } from './div.js';
import { expand } from './expand.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';
import { sqrt } from './sqrt.js';
import { square } from './square.js';
import { sum } from './sum.js';
import { where } from './where.js';

export type NormOrder = 1 | 2 | typeof Number.POSITIVE_INFINITY | 'fro';

// A primitive rather than sqrt(sum(x²)): that composite's gradient x/‖x‖ is 0/0 = NaN at x = 0,
// where PyTorch (and every optimizer relying on gradient clipping) expects 0.
const l2: (x: Tensor, axes: readonly number[], keepDims: boolean) => Tensor = defineOp({
  name: 'norm',
  forward: (x: Tensor, axes: readonly number[], keepDims: boolean): Tensor =>
    sqrt(sum(square(x), axes, keepDims)),
  backward: (dy, { args: [x, axes], output }) => {
    const kept = reducedShape(x.shape, axes, true);
    const n = reshape(output, kept);
    const scale = div(reshape(dy, kept), where(eq(n, 0), 1, n));
    return [mul(x, expand(scale, x.shape))];
  },
});

/**
 * A vector norm over `axis` (all elements when omitted): ord 2 (and 'fro') √Σx², ord 1 Σ|x|,
 * ord ∞ max|x|. The gradient of the 2-norm at 0 is 0, as in PyTorch.
 * @example
 * norm(tensor([3, 4])); // => 5
 */
export function norm(
  x: Tensor,
  ord: NormOrder = 2,
  axis?: number | readonly number[],
  keepDims = false,
): Tensor {
  expectTensor(x, 'norm', 'x');
  expectFloat(x, 'norm');
  const axes = normalizeAxes(axis, x.ndim, 'norm');
  if (ord === 2 || ord === 'fro') return l2(x, axes, keepDims);
  if (ord === 1) return sum(abs(x), axes, keepDims);
  if (ord === Number.POSITIVE_INFINITY) {
    // The ∞-norm of no elements is 0 (max alone has no identity).
    if (axes.some((a) => x.shape[a] === 0)) return sum(abs(x), axes, keepDims);
    return max(abs(x), axes, keepDims);
  }
  throw new ValueError(`norm: ord must be 1, 2, Infinity or 'fro', got ${String(ord)}`);
}
