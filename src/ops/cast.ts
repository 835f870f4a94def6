import { kernels } from '../backends/registry.js';
import { ValueError } from '../errors.js';
import { allocate, checkDType, type DType, isFloat } from '../tensor/dtype.js';
import { type Tensor, viewOf } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';

/**
 * The tensor converted to `dtype` (a copy; the same tensor when it already has that dtype).
 * Float to int32 truncates toward zero, and refuses NaN, ±∞ and values outside int32's range
 * (PyTorch leaves those undefined; here they would silently become 0 or wrap around); to bool,
 * non-zero becomes true.
 * @example
 * cast(tensor([1.7, -1.7]), 'int32'); // => [1, -1]
 */
export const cast: (x: Tensor, dtype: DType) => Tensor = defineOp({
  name: 'cast',
  forward: (x: Tensor, dtype: DType): Tensor => {
    expectTensor(x, 'cast', 'x');
    checkDType(dtype, 'cast');
    if (x.dtype === dtype) return x;
    if (dtype === 'int32' && isFloat(x.dtype)) checkInt32Range(x);
    const out = allocate(dtype, x.size);
    kernels().copy(viewOf(x), x.shape, out);
    return fromData(out, x.shape, dtype);
  },
  backward: (dy, { args: [x] }) => [isFloat(x.dtype) ? cast(dy, x.dtype) : null],
});

/** Every element of float `x` truncates to an int32, or a ValueError names the first that does not. */
function checkInt32Range(x: Tensor): void {
  const data = x.data();
  for (let i = 0; i < data.length; i++) {
    const v = Math.trunc(data[i]!);
    if (!(v >= -(2 ** 31) && v <= 2 ** 31 - 1)) {
      throw new ValueError(`cast: element ${i} (${data[i]}) does not fit in int32`);
    }
  }
}
