import type { WindowGeometry } from '../../backends/types.js';
import { ShapeError, ValueError } from '../../errors.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { expectFloat, expectTensor } from './convert.js';

// Shared argument handling of the sliding-window ops (convolution, transposed convolution,
// pooling): per-axis tuples, rank checks and the output-size formula.

/** A size given once for every spatial axis, or once per axis. */
export type SpatialTuple = number | readonly number[];

/** The names of the spatial axes of a rank-`rank` window op, for messages. */
const layouts: Record<number, string> = {
  1: '[batch, channels, length]',
  2: '[batch, channels, height, width]',
  3: '[batch, channels, depth, height, width]',
};

/**
 * Expands `value` to one integer ≥ `min` per spatial axis, or throws naming the op and argument.
 * @example
 * spatialTuple(2, 2, 'conv2d', 'stride', 1); // => [2, 2]
 */
export function spatialTuple(value: unknown, rank: number, op: string, arg: string, min: number): number[] {
  const list = typeof value === 'number' ? new Array<number>(rank).fill(value) : value;
  if (!Array.isArray(list) || list.length !== rank) {
    throw new ValueError(
      `${op}: ${arg} must be a number or ${rank} numbers (one per spatial axis), got ${JSON.stringify(value)}`,
    );
  }
  for (const v of list) {
    if (!Number.isSafeInteger(v) || (v as number) < min) {
      const what = min > 0 ? 'positive integers' : 'non-negative integers';
      throw new ValueError(`${op}: ${arg} must be ${what}, got ${JSON.stringify(value)}`);
    }
  }
  return list as number[];
}

/** Checks that `x` is `[batch, channels, ...spatial]` with `rank` spatial axes. */
export function expectSpatialRank(x: Tensor, rank: number, op: string, arg = 'x'): void {
  if (x.ndim !== rank + 2) {
    throw new ShapeError(
      `${op}: ${arg} must have rank ${rank + 2} ${layouts[rank]}, got shape ${formatShape(x.shape)}`,
    );
  }
}

/**
 * The number of window positions along one axis: ⌊(n + before + after − d·(k − 1) − 1)/s⌋ + 1
 * (⌈⌉ in ceil mode, where a last window starting in the right padding is dropped, as in PyTorch).
 * Throws when the dilated kernel does not fit in the padded input.
 * @example
 * windowCount(6, 3, 1, 0, 0, 1, false, 'conv2d', 0); // => 4
 */
export function windowCount(
  n: number,
  k: number,
  stride: number,
  before: number,
  after: number,
  dilation: number,
  ceilMode: boolean,
  op: string,
  axis: number,
): number {
  const span = dilation * (k - 1) + 1;
  if (n + before + after < span) {
    throw new ShapeError(
      `${op}: the kernel (effective size ${span} on spatial axis ${axis}) is larger than the padded input (${n + before + after})`,
    );
  }
  const room = n + before + after - span;
  if (!ceilMode) return Math.floor(room / stride) + 1;
  let count = Math.ceil(room / stride) + 1;
  if ((count - 1) * stride >= n + before) count -= 1;
  return count;
}

export interface PoolOptions {
  /** The window size per spatial axis. */
  kernelSize: SpatialTuple;
  /** Step between windows (default: kernelSize, non-overlapping windows). */
  stride?: SpatialTuple;
  /** Implicit padding on both sides (default 0, at most half the kernel). */
  padding?: SpatialTuple;
  /** Round the output size up, so a partial window at the end counts (default false). */
  ceilMode?: boolean;
}

/**
 * Checks a pooling op's input and options and returns its window geometry.
 * @example
 * poolGeometry(zeros([1, 1, 4, 4]), { kernelSize: 2 }, 2, 'maxPool2d').outSize; // => [2, 2]
 */
export function poolGeometry(x: Tensor, o: PoolOptions, rank: number, op: string): WindowGeometry {
  expectTensor(x, op, 'x');
  expectFloat(x, op);
  expectSpatialRank(x, rank, op);
  if (o === null || typeof o !== 'object')
    throw new ValueError(`${op}: options with a kernelSize are required`);
  const kernelSize = spatialTuple(o.kernelSize, rank, op, 'kernelSize', 1);
  const stride = spatialTuple(o.stride ?? kernelSize, rank, op, 'stride', 1);
  const padding = spatialTuple(o.padding ?? 0, rank, op, 'padding', 0);
  padding.forEach((p, i) => {
    if (2 * p > kernelSize[i]!)
      throw new ValueError(
        `${op}: padding (${p}) must be at most half the kernel size (${kernelSize[i]}) on spatial axis ${i}`,
      );
  });
  const inSize = x.shape.slice(2);
  const outSize = inSize.map((n, i) =>
    windowCount(n, kernelSize[i]!, stride[i]!, padding[i]!, padding[i]!, 1, o.ceilMode ?? false, op, i),
  );
  return { inSize, kernelSize, outSize, stride, padding, dilation: new Array<number>(rank).fill(1) };
}
