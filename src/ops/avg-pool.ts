import { kernels } from '../backends/registry.js';
import type { WindowGeometry } from '../backends/types.js';
import { allocate } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';
import { type PoolOptions, poolGeometry } from './core/window-options.js';

export interface AvgPoolOptions extends PoolOptions {
  /** Count the zero padding in each window's divisor, as PyTorch does by default (default true). */
  countIncludePad?: boolean;
}

/** Average pooling is linear: the forward and its adjoint are each other's backward. */
const avgPoolForward: (x: Tensor, g: WindowGeometry, countIncludePad: boolean) => Tensor = defineOp({
  name: 'avgPool',
  forward: (x: Tensor, g: WindowGeometry, countIncludePad: boolean): Tensor => {
    const planes = x.shape[0]! * x.shape[1]!;
    const out = allocate(x.dtype, planes * sizeOf(g.outSize));
    kernels().avgPoolForward(x.data(), planes, g, countIncludePad, out);
    return fromData(out, [x.shape[0]!, x.shape[1]!, ...g.outSize], x.dtype);
  },
  backward: (dy, { args: [, g, countIncludePad] }) => [avgPoolAdjoint(dy, g, countIncludePad)],
});

const avgPoolAdjoint: (dy: Tensor, g: WindowGeometry, countIncludePad: boolean) => Tensor = defineOp({
  name: 'avgPoolAdjoint',
  forward: (dy: Tensor, g: WindowGeometry, countIncludePad: boolean): Tensor => {
    const planes = dy.shape[0]! * dy.shape[1]!;
    const dx = allocate(dy.dtype, planes * sizeOf(g.inSize));
    kernels().avgPoolBackward(dy.data(), planes, g, countIncludePad, dx);
    return fromData(dx, [dy.shape[0]!, dy.shape[1]!, ...g.inSize], dy.dtype);
  },
  backward: (gx, { args: [, g, countIncludePad] }) => [avgPoolForward(gx, g, countIncludePad)],
});

function avgPoolNd(x: Tensor, options: AvgPoolOptions, rank: number, op: string): Tensor {
  const g = poolGeometry(x, options, rank, op);
  return avgPoolForward(x, g, options.countIncludePad ?? true);
}

/**
 * The mean of each window of `x` [batch, channels, length].
 * @example
 * avgPool1d(tensor([[[1, 3, 2, 6]]]), { kernelSize: 2 }); // => [[[2, 4]]]
 */
export function avgPool1d(x: Tensor, options: AvgPoolOptions): Tensor {
  return avgPoolNd(x, options, 1, 'avgPool1d');
}

/**
 * The mean of each window of `x` [batch, channels, height, width]. With padding, each window's
 * divisor counts the padding zeros unless `countIncludePad: false` (PyTorch's rule).
 * @example
 * const x = randn([2, 6, 28, 28]);
 * avgPool2d(x, { kernelSize: 2 }).shape; // => [2, 6, 14, 14]
 */
export function avgPool2d(x: Tensor, options: AvgPoolOptions): Tensor {
  return avgPoolNd(x, options, 2, 'avgPool2d');
}

/**
 * The mean of each window of `x` [batch, channels, depth, height, width].
 * @example
 * const x = randn([2, 3, 8, 8, 8]);
 * avgPool3d(x, { kernelSize: 2 }).shape; // => [2, 3, 4, 4, 4]
 */
export function avgPool3d(x: Tensor, options: AvgPoolOptions): Tensor {
  return avgPoolNd(x, options, 3, 'avgPool3d');
}
