import { allocate, type DType } from '../tensor/dtype.js';
import { checkShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { copyInto } from './copy-into.js';

/** Options of {@link Buffer.full} and {@link Buffer.zeros}. */
export interface BufferOptions {
  dtype?: DType;
  /** A state dict may leave it out (see {@link Buffer.optional}); default false. */
  optional?: boolean;
}

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
   * Whether a state dict may leave this buffer out: `loadStateDict` then sets it to zero instead
   * of calling it missing, as PyTorch does with BatchNorm's `num_batches_tracked`.
   */
  optional = false;

  /**
   * A buffer filled with `value`.
   * @example
   * Buffer.full([3], 1);
   */
  static full(shape: readonly number[], value: number, options: BufferOptions = {}): Buffer {
    const dtype = options.dtype ?? 'float32';
    const data = allocate(dtype, sizeOf(checkShape(shape, 'Buffer.full')));
    data.fill(value);
    const buffer = new Buffer(data, [...shape], dtype);
    buffer.optional = options.optional ?? false;
    return buffer;
  }

  /** @example Buffer.zeros([3]); */
  static zeros(shape: readonly number[], options: BufferOptions = {}): Buffer {
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
