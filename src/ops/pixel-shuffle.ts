import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkShuffle } from './core/check-shuffle.js';
import { permute } from './permute.js';
import { reshape } from './reshape.js';

/**
 * Rearranges [..., C·r², H, W] into [..., C, H·r, W·r]: each group of r² channels becomes an
 * r×r block of pixels, out[c, h·r + i, w·r + j] = x[c·r² + i·r + j, h, w] (PyTorch's
 * `pixel_shuffle`, the sub-pixel convolution's upsampling). A reshape and a permutation, so it is
 * differentiable as they are.
 * @see https://arxiv.org/abs/1609.05158
 * @example
 * const x = arange(4).reshape([1, 4, 1, 1]);
 * pixelShuffle(x, 2); // [[[[0, 1], [2, 3]]]]
 */
export function pixelShuffle(x: Tensor, upscaleFactor: number): Tensor {
  checkShuffle(x, upscaleFactor, 'pixelShuffle');
  const r = upscaleFactor;
  const [c, h, w] = x.shape.slice(-3) as [number, number, number];
  if (c % (r * r) !== 0)
    throw new ShapeError(`pixelShuffle: channels (${c}) must be divisible by the factor squared (${r * r})`);
  const lead = x.shape.slice(0, -3);
  const k = lead.length;
  const split = reshape(x, [...lead, c / (r * r), r, r, h, w]);
  const axes = [...lead.keys(), k, k + 3, k + 1, k + 4, k + 2];
  return reshape(permute(split, axes), [...lead, c / (r * r), h * r, w * r]);
}
