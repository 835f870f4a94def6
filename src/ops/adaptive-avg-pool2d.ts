import { ShapeError, ValueError } from '../errors.js';
import { allocate, type DType } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { fromData } from './core/run-kernel.js';
import { matmul } from './matmul.js';
import { transpose } from './permute.js';

/**
 * The [out, in] matrix whose row i averages PyTorch's adaptive bin ⌊i·in/out⌋ ≤ j < ⌈(i + 1)·in/out⌉.
 * @example
 * adaptiveBins(4, 2, 'float32'); // => [[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]]
 */
export function adaptiveBins(inSize: number, outSize: number, dtype: DType): Tensor {
  const data = allocate(dtype, outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const start = Math.floor((i * inSize) / outSize);
    const end = Math.ceil(((i + 1) * inSize) / outSize);
    for (let j = start; j < end; j++) data[i * inSize + j] = 1 / (end - start);
  }
  return fromData(data, [outSize, inSize], dtype);
}

/**
 * Average pooling of `x` [batch, channels, height, width] (or [channels, height, width]) to a fixed
 * `outputSize` [outHeight, outWidth] whatever the input size, with PyTorch's bins (they overlap
 * when the sizes do not divide). `null` keeps that axis's size. Bins are rectangles, so the op is
 * Bₕ · x · B_wᵀ with averaging matrices: two matmuls, differentiable as they are.
 * @example
 * const x = randn([2, 8, 7, 7]);
 * adaptiveAvgPool2d(x, 1).shape; // => [2, 8, 1, 1]
 * adaptiveAvgPool2d(randn([2, 3, 15, 9]), [7, 7]).shape; // any [N, C, H, W] → [2, 3, 7, 7]
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  expectTensor(x, 'adaptiveAvgPool2d', 'x');
  expectFloat(x, 'adaptiveAvgPool2d');
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new ShapeError(
      `adaptiveAvgPool2d: x must have rank 4 [batch, channels, height, width] or 3 [channels, height, width], got shape ${formatShape(x.shape)}`,
    );
  }
  const inH = x.shape[x.ndim - 2]!;
  const inW = x.shape[x.ndim - 1]!;
  if (inH === 0 || inW === 0)
    throw new ShapeError(
      `adaptiveAvgPool2d: x needs a non-empty [height, width], got shape ${formatShape(x.shape)}`,
    );
  const sizes = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
  if (!Array.isArray(sizes) || sizes.length !== 2)
    throw new ValueError(
      `adaptiveAvgPool2d: outputSize must be a number or 2 sizes, got ${JSON.stringify(outputSize)}`,
    );
  const [oh, ow] = sizes.map((s, i) => (s === null ? [inH, inW][i]! : s));
  for (const s of [oh, ow]) {
    if (!Number.isSafeInteger(s) || s! < 1)
      throw new ValueError(
        `adaptiveAvgPool2d: outputSize must be positive integers, got ${JSON.stringify(outputSize)}`,
      );
  }
  const rows = adaptiveBins(inH, oh!, x.dtype);
  const cols = adaptiveBins(inW, ow!, x.dtype);
  return matmul(matmul(rows, x), transpose(cols));
}
