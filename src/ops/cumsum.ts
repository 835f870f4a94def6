import { kernels } from '../backends/registry.js';
import { arange } from '../tensor/creation.js';
import { allocate } from '../tensor/dtype.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData, splitAt } from './core/run-kernel.js';
import { indexSelect } from './index-select.js';

/** x reversed along axis `a` (a gather with the indices n−1 … 0, so it is differentiable). */
function reverse(x: Tensor, a: number): Tensor {
  const n = x.shape[a]!;
  return indexSelect(x, a, arange(n - 1, -1, -1, { dtype: 'int32' }));
}

/**
 * The running sum along `axis`: out[i] = x[0] + … + x[i]. Integer and bool tensors sum in int32.
 * @example
 * cumsum(tensor([1, 2, 3]), 0); // => [1, 3, 6]
 */
export const cumsum: (x: Tensor, axis: number) => Tensor = defineOp({
  name: 'cumsum',
  forward: (x: Tensor, axis: number): Tensor => {
    expectTensor(x, 'cumsum', 'x');
    const a = normalizeAxis(axis, x.ndim, 'cumsum');
    const input = x.dtype === 'bool' ? cast(x, 'int32') : x;
    const [outer, size, inner] = splitAt(input.shape, a);
    const out = allocate(input.dtype, input.size);
    kernels().cumsum(input.data(), outer, size, inner, out);
    return fromData(out, input.shape, input.dtype);
  },
  // The adjoint of a running sum is the running sum from the other end: dxᵢ = Σ_{j ≥ i} dyⱼ.
  backward: (dy, { args: [x, axis] }) => {
    if (x.ndim === 0) return [dy];
    const a = normalizeAxis(axis, x.ndim, 'cumsum');
    return [reverse(cumsum(reverse(dy, a), a), a)];
  },
});
