import { DTypeError, ValueError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { fromData } from './core/run-kernel.js';

/**
 * A float32 tensor of shape `[...indices.shape, numClasses]` with a 1 at each index (labels to
 * targets). Not differentiable: indices are integers.
 * @example
 * oneHot(tensor([2, 0], { dtype: 'int32' }), 3); // => [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(indices: Tensor, numClasses: number): Tensor {
  expectTensor(indices, 'oneHot', 'indices');
  if (indices.dtype !== 'int32')
    throw new DTypeError(`oneHot: indices must be an int32 tensor, got ${indices.dtype}`);
  if (!Number.isSafeInteger(numClasses) || numClasses <= 0)
    throw new ValueError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const idx = indices.data();
  const out = allocate('float32', idx.length * numClasses);
  idx.forEach((c, i) => {
    if (c < 0 || c >= numClasses)
      throw new ValueError(`oneHot: index ${c} (at element ${i}) is out of range for ${numClasses} classes`);
    out[i * numClasses + c] = 1;
  });
  return fromData(out, [...indices.shape, numClasses], 'float32');
}
