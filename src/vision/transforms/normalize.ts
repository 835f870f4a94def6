import { div, ShapeError, sub, type Tensor, tensor, ValueError } from '../../index.js';
import type { Transform } from './per-image.js';

/**
 * Standardizes each channel: `(x[c] − mean[c]) / std[c]`, on an image `[channels, H, W]` or a
 * batch `[batch, channels, H, W]`. The course normalizes inputs so every feature has a similar
 * range, which makes the cost surface rounder and gradient descent faster; the per-channel means
 * and standard deviations come from the training set (ImageNet's: [0.485, 0.456, 0.406] and
 * [0.229, 0.224, 0.225]).
 * @example
 * normalize([0.5], [0.5])(tensor([[[0, 1]]])); // => [[[-1, 1]]]
 */
export function normalize(mean: readonly number[], std: readonly number[]): Transform {
  if (mean.length === 0 || mean.length !== std.length)
    throw new ValueError(
      `normalize: mean and std need one entry per channel, got ${mean.length} and ${std.length}`,
    );
  std.forEach((s, c) => {
    if (!(s > 0)) throw new ValueError(`normalize: std[${c}] must be > 0, got ${s}`);
  });
  return (x: Tensor) => {
    const axis = x.ndim - 3;
    if ((x.ndim !== 3 && x.ndim !== 4) || x.shape[axis] !== mean.length) {
      throw new ShapeError(
        `normalize: x must be [channels, H, W] or [batch, channels, H, W] with ${mean.length} channels, got shape [${x.shape.join(', ')}]`,
      );
    }
    const shape = [mean.length, 1, 1];
    return div(
      sub(x, tensor([...mean], { dtype: x.dtype, shape })),
      tensor([...std], { dtype: x.dtype, shape }),
    );
  };
}
