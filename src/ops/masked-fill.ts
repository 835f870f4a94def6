import { DTypeError, ShapeError } from '../errors.js';
import { broadcastShapes, formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { expectTensor } from './core/convert.js';
import { where } from './where.js';

/**
 * `x` with `value` wherever the bool `mask` (broadcast to x's shape) is true; x's dtype is kept.
 * @example
 * maskedFill(tensor([1, 2, 3]), tensor([true, false, true]), 0); // => [0, 2, 0]
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  expectTensor(x, 'maskedFill', 'x');
  expectTensor(mask, 'maskedFill', 'mask');
  if (mask.dtype !== 'bool')
    throw new DTypeError(`maskedFill: mask must be a bool tensor, got ${mask.dtype}`);
  if (!shapesEqual(broadcastShapes(x.shape, mask.shape, 'maskedFill'), x.shape)) {
    throw new ShapeError(
      `maskedFill: mask of shape ${formatShape(mask.shape)} must broadcast to x's shape ${formatShape(x.shape)}`,
    );
  }
  const out = where(mask, value, x);
  return out.dtype === x.dtype ? out : cast(out, x.dtype);
}
