import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { eq } from './compare.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { reduceAxes, reducedShape } from './core/reduce-axes.js';
import { div } from './div.js';
import { expand } from './expand.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';
import { where } from './where.js';

/**
 * The product over `axis` (a number, a list, or all axes when omitted); `keepDims` keeps them as
 * size 1. The product of no elements is 1; integer and bool tensors multiply in int32.
 * @example
 * prod(tensor([[1, 2], [3, 4]]), 1); // => [2, 12]
 */
export const prod: (x: Tensor, axis?: number | readonly number[], keepDims?: boolean) => Tensor = defineOp({
  name: 'prod',
  forward: (x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor => {
    expectTensor(x, 'prod', 'x');
    const axes = normalizeAxes(axis, x.ndim, 'prod');
    const dtype = x.dtype === 'bool' ? 'int32' : x.dtype;
    const out = reduceAxes('prod', x.dtype === 'bool' ? cast(x, 'int32') : x, axes, dtype);
    return keepDims ? reshape(out, reducedShape(x.shape, axes, true)) : out;
  },
  // ∂/∂xᵢ Π x = the product of the others. Dividing the output by xᵢ fails at zeros, so it is
  // taken from the product of the non-zero elements and the number of zeros in each group:
  // no zero → out/xᵢ; one zero → that element gets the product of the rest, the others 0;
  // two or more → 0 everywhere.
  backward: (dy, { args: [x, axis] }) => {
    const axes = normalizeAxes(axis, x.ndim, 'prod');
    const kept = reducedShape(x.shape, axes, true);
    const isZero = eq(x, 0);
    const nonZero = where(isZero, 1, x);
    const zeros = sum(isZero, axes, true);
    const rest = prod(nonZero, axes, true);
    const others = where(eq(zeros, 0), div(rest, nonZero), where(eq(zeros, 1), where(isZero, rest, 0), 0));
    return [mul(others, expand(reshape(dy, kept), x.shape))];
  },
});
