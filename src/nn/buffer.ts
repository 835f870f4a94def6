import { allocate, type DType } from '../tensor/dtype.js';
import { checkShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { copyInto } from './copy-into.js';

/**
 * A tensor a {@link Module} keeps but does not train, such as BatchNorm's running mean. It is
 * saved in `stateDict()` and updated in place with {@link Buffer.copy_}, so anyone holding it
 * sees the new values.
 * @example
 * const runningMean = Buffer.zeros([3]);
 * runningMean.copy_(tensor([1, 2, 3]));
 */
export class Buffer extends Tensor {
  /**
   * A buffer filled with `value`.
   * @example
   * Buffer.full([3], 1);
   */
  static full(shape: readonly number[], value: number, options: { dtype?: DType } = {}): Buffer {
    const dtype = options.dtype ?? 'float32';
    const data = allocate(dtype, sizeOf(checkShape(shape, 'Buffer.full')));
    data.fill(value);
    return new Buffer(data, [...shape], dtype);
  }

  /** @example Buffer.zeros([3]); */
  static zeros(shape: readonly number[], options: { dtype?: DType } = {}): Buffer {
    return Buffer.full(shape, 0, options);
  }

  /**
   * Copies `source`'s values into this buffer's storage (same shape; cast to this dtype), without
   * recording a graph, and returns this buffer.
   * @example
   * Buffer.zeros([2]).copy_(tensor([1, 2])); // => [1, 2]
   */
  copy_(source: Tensor): this {
    copyInto(this, source, 'Buffer.copy_');
    return this;
  }
}
