import { kernels } from '../backends/registry.js';
import type { WindowGeometry } from '../backends/types.js';
import { allocate } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { defineOp } from './core/define-op.js';
import { scatterPlanes } from './core/plane-index.js';
import { fromData } from './core/run-kernel.js';
import { type PoolOptions, poolGeometry } from './core/window-options.js';

export type { PoolOptions } from './core/window-options.js';

export interface MaxPoolOptions extends PoolOptions {
  /** Also return where each maximum came from (see {@link maxPool2dWithIndices}). */
  returnIndices?: boolean;
}

/** Max pooling's values and, per output, the flat position of its maximum in the input plane. */
export interface MaxPoolResult {
  values: Tensor;
  /** int32, the shape of `values`; what {@link maxUnpool2d} takes. */
  indices: Tensor;
}

/**
 * Max pooling's values; the kernel also writes each maximum's position into `index` (an int32
 * tensor of the output's shape that the caller allocated), which the backward scatters dy to.
 * Writing into an argument keeps the values the kernel found: no second pass to re-read them.
 */
const maxPoolValues: (x: Tensor, g: WindowGeometry, index: Tensor) => Tensor = defineOp({
  name: 'maxPool',
  forward: (x: Tensor, g: WindowGeometry, index: Tensor): Tensor => {
    const out = allocate(x.dtype, index.size);
    kernels().maxPoolForward(x.data(), x.shape[0]! * x.shape[1]!, g, out, index.data() as Int32Array);
    return fromData(out, index.shape, x.dtype);
  },
  backward: (dy, { args: [x, , index] }) => [scatterPlanes(dy, index, x.shape.slice(2)), null, null],
});

/** Max pooling over `rank` spatial axes with indices. */
function maxPoolNd(x: Tensor, options: PoolOptions, rank: number, op: string): MaxPoolResult {
  const g = poolGeometry(x, options, rank, op);
  const shape = [x.shape[0]!, x.shape[1]!, ...g.outSize];
  const index = fromData(allocate('int32', sizeOf(shape)), shape, 'int32');
  return { values: maxPoolValues(x, g, index), indices: index };
}

function pick(r: MaxPoolResult, options: MaxPoolOptions): Tensor | MaxPoolResult {
  return options.returnIndices ? r : r.values;
}

/**
 * The largest value in each window of `x` [batch, channels, length] → [batch, channels, outLength],
 * with PyTorch's options (padding counts as −∞; ceilMode keeps a partial last window).
 * @example
 * maxPool1d(tensor([[[1, 3, 2, 5]]]), { kernelSize: 2 }); // => [[[3, 5]]]
 */
export function maxPool1d(x: Tensor, options: MaxPoolOptions & { returnIndices: true }): MaxPoolResult;
export function maxPool1d(x: Tensor, options: MaxPoolOptions): Tensor;
export function maxPool1d(x: Tensor, options: MaxPoolOptions): Tensor | MaxPoolResult {
  return pick(maxPoolNd(x, options, 1, 'maxPool1d'), options);
}

/**
 * The largest value in each window of `x` [batch, channels, height, width]; the output size per
 * axis is ⌊(n + 2p − f)/s⌋ + 1 (⌈⌉ with ceilMode). Stride defaults to the kernel size.
 * @example
 * const x = randn([2, 6, 28, 28]);
 * maxPool2d(x, { kernelSize: 2 }).shape; // => [2, 6, 14, 14]
 */
export function maxPool2d(x: Tensor, options: MaxPoolOptions & { returnIndices: true }): MaxPoolResult;
export function maxPool2d(x: Tensor, options: MaxPoolOptions): Tensor;
export function maxPool2d(x: Tensor, options: MaxPoolOptions): Tensor | MaxPoolResult {
  return pick(maxPoolNd(x, options, 2, 'maxPool2d'), options);
}

/**
 * {@link maxPool2d} that also returns each maximum's flat position in its [height, width] plane.
 * @example
 * const x = tensor([[[[1, 2], [4, 3]]]]);
 * const { values, indices } = maxPool2dWithIndices(x, { kernelSize: 2 });
 * values.toArray(); // => [[[[4]]]]
 * maxUnpool2d(values, indices, { kernelSize: 2 }); // => [[[[0, 0], [4, 0]]]]
 */
export function maxPool2dWithIndices(x: Tensor, options: PoolOptions): MaxPoolResult {
  return maxPoolNd(x, options, 2, 'maxPool2d');
}

/**
 * The largest value in each window of `x` [batch, channels, depth, height, width].
 * @example
 * const x = randn([2, 3, 8, 8, 8]);
 * maxPool3d(x, { kernelSize: 2 }).shape; // => [2, 3, 4, 4, 4]
 */
export function maxPool3d(x: Tensor, options: MaxPoolOptions & { returnIndices: true }): MaxPoolResult;
export function maxPool3d(x: Tensor, options: MaxPoolOptions): Tensor;
export function maxPool3d(x: Tensor, options: MaxPoolOptions): Tensor | MaxPoolResult {
  return pick(maxPoolNd(x, options, 3, 'maxPool3d'), options);
}
