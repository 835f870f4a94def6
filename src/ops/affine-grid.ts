import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { expand } from './expand.js';
import { matmul } from './matmul.js';
import { transpose } from './permute.js';
import { reshape } from './reshape.js';

/**
 * The sampling grid of 2-D affine transforms theta [N, 2, 3] for an output of `size` =
 * `[N, C, H, W]`: the grid [N, H, W, 2] holds, for each output pixel, the (x, y) point of the input it
 * reads, in normalized coordinates (−1 the left/top edge, +1 the right/bottom edge), computed as
 * theta · (x, y, 1) of the pixel's own centre: PyTorch's `affine_grid` with align_corners=False.
 * Feed it to {@link gridSample} to warp images. Differentiable in theta.
 * @see https://arxiv.org/abs/1506.02025
 * @example
 * const identity = tensor([[[1, 0, 0], [0, 1, 0]]]);
 * affineGrid(identity, [1, 1, 1, 2]); // [[[[-0.5, 0], [0.5, 0]]]]: the two pixel centres
 */
export function affineGrid(theta: Tensor, size: readonly [number, number, number, number]): Tensor {
  expectTensor(theta, 'affineGrid', 'theta');
  expectFloat(theta, 'affineGrid', 'theta');
  if (theta.ndim !== 3 || theta.shape[1] !== 2 || theta.shape[2] !== 3)
    throw new ShapeError(`affineGrid: theta must be [N, 2, 3], got ${formatShape(theta.shape)}`);
  if (!Array.isArray(size) || size.length !== 4 || size.some((s) => !Number.isSafeInteger(s) || s < 0))
    throw new ShapeError(
      `affineGrid: size must be [N, C, H, W] of non-negative integers, got ${JSON.stringify(size)}`,
    );
  const [n, , h, w] = size;
  if (n !== theta.shape[0])
    throw new ShapeError(`affineGrid: size[0] (${n}) must equal theta's batch (${theta.shape[0]})`);
  // Pixel centres, align_corners=False: x_j = (2j + 1)/W − 1.
  const base = new Float64Array(h * w * 3);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < w; j++) base.set([(2 * j + 1) / w - 1, (2 * i + 1) / h - 1, 1], (i * w + j) * 3);
  const points = expand(tensor(base, { shape: [1, h * w, 3], dtype: theta.dtype }), [n, h * w, 3]);
  return reshape(matmul(points, transpose(theta, 1, 2)), [n, h, w, 2]);
}
