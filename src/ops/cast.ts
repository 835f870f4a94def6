import { kernels } from '../backends/registry.js';
import { allocate, type DType, isFloat } from '../tensor/dtype.js';
import { type Tensor, viewOf } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';

/**
 * The tensor converted to `dtype` (a copy; the same tensor when it already has that dtype).
 * Float to int32 truncates toward zero; to bool, non-zero becomes true.
 * @example
 * cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 */
export const cast: (x: Tensor, dtype: DType) => Tensor = defineOp({
  name: 'cast',
  forward: (x: Tensor, dtype: DType): Tensor => {
    expectTensor(x, 'cast', 'x');
    if (x.dtype === dtype) return x;
    const out = allocate(dtype, x.size);
    kernels().copy(viewOf(x), x.shape, out);
    return fromData(out, x.shape, dtype);
  },
  backward: (dy, { args: [x] }) => [isFloat(x.dtype) ? cast(dy, x.dtype) : null],
});
