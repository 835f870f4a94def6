import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkShuffle } from './core/check-shuffle.js';
import { permute } from './permute.js';
import { reshape } from './reshape.js';

/**
 * The inverse of {@link pixelShuffle}: [..., C, H·r, W·r] into [..., C·r², H, W], each r×r block
 * of pixels becoming r² channels (PyTorch's `pixel_unshuffle`). Differentiable.
 * @example
 * const x = arange(4).reshape([1, 1, 2, 2]);
 * pixelUnshuffle(x, 2).shape; // [1, 4, 1, 1], channels [0, 1, 2, 3]
 */
export function pixelUnshuffle(x: Tensor, downscaleFactor: number): Tensor {
  checkShuffle(x, downscaleFactor, 'pixelUnshuffle');
  const r = downscaleFactor;
  const [c, h, w] = x.shape.slice(-3) as [number, number, number];
  if (h % r !== 0 || w % r !== 0)
    throw new ShapeError(
      `pixelUnshuffle: height (${h}) and width (${w}) must be divisible by the factor (${r})`,
    );
  const lead = x.shape.slice(0, -3);
  const k = lead.length;
  const split = reshape(x, [...lead, c, h / r, r, w / r, r]);
  const axes = [...lead.keys(), k, k + 2, k + 4, k + 1, k + 3];
  return reshape(permute(split, axes), [...lead, c * r * r, h / r, w / r]);
}
