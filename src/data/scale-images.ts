import { ValueError } from '../errors.js';
import { cast } from '../ops/cast.js';
import { div } from '../ops/div.js';
import { sub } from '../ops/sub.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

/** `'unit'`: [0, 1]; `'centered'`: [−0.5, 0.5]; `'symmetric'`: [−1, 1). */
export type ImageScaling = 'unit' | 'centered' | 'symmetric';

/**
 * Scales 0–255 pixel values: `'unit'` x/255, `'centered'` x/255 − 0.5 (the course's x_norm),
 * `'symmetric'` (x − 128)/128. Integer input becomes float32.
 * @example
 * scaleImages(tensor([0, 255]), 'centered'); // => [-0.5, 0.5]
 */
export function scaleImages(x: Tensor, mode: ImageScaling = 'unit'): Tensor {
  const f = isFloat(x.dtype) ? x : cast(x, 'float32');
  switch (mode) {
    case 'unit':
      return div(f, 255);
    case 'centered':
      return sub(div(f, 255), 0.5);
    case 'symmetric':
      return div(sub(f, 128), 128);
    default:
      throw new ValueError(
        `scaleImages: mode must be 'unit', 'centered' or 'symmetric', got ${JSON.stringify(mode)}`,
      );
  }
}
