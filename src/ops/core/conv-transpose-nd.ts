import { ShapeError, ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type ConvGeometry, convInputGrad } from './conv.js';
import { addChannelBias, checkGroups, convOperands } from './conv-nd.js';
import { type SpatialTuple, spatialTuple } from './window-options.js';

export interface ConvTransposeOptions {
  /** Step between the input positions' footprints in the output (default 1). */
  stride?: SpatialTuple;
  /** Removed from both ends of each output axis (default 0): the padding of the matching conv. */
  padding?: SpatialTuple;
  /** Added to the end of each output axis (default 0; less than stride or dilation) to pick an output size. */
  outputPadding?: SpatialTuple;
  /** Channel groups (default 1). */
  groups?: number;
  /** Spacing between kernel taps (default 1). */
  dilation?: SpatialTuple;
}

/**
 * The transposed convolution over `rank` spatial axes behind {@link convTranspose1d} and
 * {@link convTranspose2d}: the adjoint of the convolution with the same weight and options
 * (NOTE(conv-primitives)), so its forward is that convolution's input gradient.
 * @example
 * const x = randn([1, 4, 5, 5]);
 * const w = randn([4, 2, 3, 3]);
 * convTransposeNd(x, w, undefined, { stride: 2 }, 2, 'convTranspose2d').shape; // => [1, 2, 11, 11]
 */
export function convTransposeNd(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  options: ConvTransposeOptions,
  rank: number,
  op: string,
): Tensor {
  const [xs, w, b] = convOperands(x, weight, bias, rank, op);
  const groups = checkGroups(options.groups ?? 1, w.shape[0]!, 'weight.shape[0]', op);
  if (xs.shape[1] !== w.shape[0])
    throw new ShapeError(`${op}: x.shape[1] (${xs.shape[1]}) must equal weight.shape[0] (${w.shape[0]})`);
  const kernelSize = w.shape.slice(2);
  const stride = spatialTuple(options.stride ?? 1, rank, op, 'stride', 1);
  const padding = spatialTuple(options.padding ?? 0, rank, op, 'padding', 0);
  const dilation = spatialTuple(options.dilation ?? 1, rank, op, 'dilation', 1);
  const extra = spatialTuple(options.outputPadding ?? 0, rank, op, 'outputPadding', 0);
  extra.forEach((e, i) => {
    if (e >= stride[i]! && e >= dilation[i]!) {
      throw new ValueError(
        `${op}: outputPadding (${e}) must be smaller than stride (${stride[i]}) or dilation (${dilation[i]}) on spatial axis ${i}`,
      );
    }
  });
  const inSize = xs.shape.slice(2);
  // (n − 1)·s − 2p + d·(f − 1) + outputPadding + 1: the input size of the matching convolution.
  const outSize = inSize.map(
    (n, i) => (n - 1) * stride[i]! - 2 * padding[i]! + dilation[i]! * (kernelSize[i]! - 1) + extra[i]! + 1,
  );
  outSize.forEach((o, i) => {
    if (o < 1)
      throw new ShapeError(
        `${op}: the output size on spatial axis ${i} would be ${o}; reduce padding (${padding[i]})`,
      );
  });
  const g: ConvGeometry = { inSize: outSize, kernelSize, outSize: inSize, stride, padding, dilation, groups };
  return addChannelBias(convInputGrad(xs, w, g), b, op);
}
