import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { reduceAxes, reducedShape } from './core/reduce-axes.js';
import { expand } from './expand.js';
import { reshape } from './reshape.js';

/**
 * Sum over `axis` (a number, a list, or all axes when omitted); `keepDims` keeps them as size 1.
 * Integer and bool tensors sum to int32.
 * @example
 * sum(tensor([[1, 2], [3, 4]]), 0); // => [4, 6]
 */
export const sum: (x: Tensor, axis?: number | readonly number[], keepDims?: boolean) => Tensor = defineOp({
  name: 'sum',
  forward: (x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor => {
    expectTensor(x, 'sum', 'x');
    const axes = normalizeAxes(axis, x.ndim, 'sum');
    const dtype = x.dtype === 'bool' ? 'int32' : x.dtype;
    const out = reduceAxes('sum', x.dtype === 'bool' ? cast(x, 'int32') : x, axes, dtype);
    return keepDims ? reshape(out, reducedShape(x.shape, axes, true)) : out;
  },
  backward: (dy, { args: [x, axis] }) => {
    const axes = normalizeAxes(axis, x.ndim, 'sum');
    return [expand(reshape(dy, reducedShape(x.shape, axes, true)), x.shape)];
  },
});
