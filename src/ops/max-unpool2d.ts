import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { scatterPlanes } from './core/plane-index.js';
import { expectSpatialRank, type SpatialTuple, spatialTuple } from './core/window-options.js';

export interface MaxUnpoolOptions {
  /** The kernel size of the max pooling being undone. */
  kernelSize: SpatialTuple;
  /** Its stride (default kernelSize). */
  stride?: SpatialTuple;
  /** Its padding (default 0). */
  padding?: SpatialTuple;
  /** [height, width] (or a full [batch, channels, height, width]) when the default is ambiguous. */
  outputSize?: readonly number[];
}

function outputSizeOf(x: Tensor, o: MaxUnpoolOptions): number[] {
  const kernel = spatialTuple(o.kernelSize, 2, 'maxUnpool2d', 'kernelSize', 1);
  const stride = spatialTuple(o.stride ?? kernel, 2, 'maxUnpool2d', 'stride', 1);
  const padding = spatialTuple(o.padding ?? 0, 2, 'maxUnpool2d', 'padding', 0);
  if (o.outputSize === undefined) {
    // (n − 1)·s − 2p + k: the largest input the pooling could have come from without a ceil.
    const size = [0, 1].map((i) => (x.shape[2 + i]! - 1) * stride[i]! - 2 * padding[i]! + kernel[i]!);
    if (size.some((s) => s < 1))
      throw new ValueError(
        `maxUnpool2d: padding ${JSON.stringify(padding)} leaves no output; pass outputSize`,
      );
    return size;
  }
  const given = o.outputSize.length === 4 ? o.outputSize.slice(2) : o.outputSize;
  return spatialTuple(given, 2, 'maxUnpool2d', 'outputSize', 1);
}

/**
 * Undoes {@link maxPool2d}: puts each value of `x` [batch, channels, height, width] back at the
 * flat position `indices` (from {@link maxPool2dWithIndices}) names in its output plane, zeros
 * elsewhere. Where pooling windows overlapped and share a maximum, the values add up (the
 * gradient convention) rather than overwrite.
 * @example
 * const x = randn([1, 2, 4, 4]);
 * const { values, indices } = maxPool2dWithIndices(x, { kernelSize: 2 });
 * maxUnpool2d(values, indices, { kernelSize: 2 }).shape; // => [1, 2, 4, 4]
 */
export function maxUnpool2d(x: Tensor, indices: Tensor, options: MaxUnpoolOptions): Tensor {
  expectTensor(x, 'maxUnpool2d', 'x');
  expectTensor(indices, 'maxUnpool2d', 'indices');
  expectFloat(x, 'maxUnpool2d');
  expectSpatialRank(x, 2, 'maxUnpool2d');
  if (indices.dtype !== 'int32')
    throw new DTypeError(`maxUnpool2d: indices must be an int32 tensor, got ${indices.dtype}`);
  if (!shapesEqual(indices.shape, x.shape)) {
    throw new ShapeError(
      `maxUnpool2d: indices must have x's shape ${formatShape(x.shape)}, got ${formatShape(indices.shape)}`,
    );
  }
  const outSize = outputSizeOf(x, options);
  const plane = outSize[0]! * outSize[1]!;
  for (const i of indices.data()) {
    if (i < 0 || i >= plane)
      throw new ValueError(
        `maxUnpool2d: index ${i} is out of range for an output plane of ${plane} elements`,
      );
  }
  return scatterPlanes(x, indices, outSize);
}
