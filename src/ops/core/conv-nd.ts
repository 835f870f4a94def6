import { ShapeError, ValueError } from '../../errors.js';
import { promoteTypes } from '../../tensor/dtype.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add } from '../add.js';
import { cast } from '../cast.js';
import { reshape } from '../reshape.js';
import { type ConvGeometry, convForward } from './conv.js';
import { expectFloat, expectTensor } from './convert.js';
import { expectSpatialRank, type SpatialTuple, spatialTuple, windowCount } from './window-options.js';

/** Zero padding of a convolution: per axis, or 'valid' (none), or 'same' (output size = input size). */
export type ConvPadding = SpatialTuple | 'valid' | 'same';

export interface ConvOptions {
  /** Step between windows (default 1). */
  stride?: SpatialTuple;
  /** Zeros added on both sides of each spatial axis (default 0). */
  padding?: ConvPadding;
  /** Spacing between kernel taps (default 1); the kernel spans d·(k − 1) + 1 inputs. */
  dilation?: SpatialTuple;
  /** Channel groups (default 1); groups = channels is a depthwise convolution. */
  groups?: number;
}

/**
 * x, weight and bias in one float dtype (the wider of x's and weight's), after the checks every
 * convolution makes: x and weight have `rank` spatial axes, and no kernel size is 0.
 */
export function convOperands(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  rank: number,
  op: string,
): [Tensor, Tensor, Tensor | undefined] {
  expectTensor(x, op, 'x');
  expectTensor(weight, op, 'weight');
  if (bias != null) expectTensor(bias, op, 'bias');
  expectFloat(x, op, 'x');
  expectFloat(weight, op, 'weight');
  if (bias != null) expectFloat(bias, op, 'bias');
  const dtype = promoteTypes(x.dtype, weight.dtype);
  const to = (t: Tensor): Tensor => (t.dtype === dtype ? t : cast(t, dtype));
  const [xs, w] = [to(x), to(weight)];
  expectSpatialRank(xs, rank, op, 'x');
  expectSpatialRank(w, rank, op, 'weight');
  if (w.shape.slice(2).some((k) => k === 0))
    throw new ShapeError(`${op}: weight's kernel sizes must be positive, got shape ${formatShape(w.shape)}`);
  return [xs, w, bias == null ? undefined : to(bias)];
}

/** Checks `groups` against the channel counts: cOut and cIn must both split into groups. */
export function checkGroups(groups: unknown, channels: number, what: string, op: string): number {
  if (!Number.isSafeInteger(groups) || (groups as number) < 1)
    throw new ValueError(`${op}: groups must be a positive integer, got ${String(groups)}`);
  const g = groups as number;
  if (channels % g !== 0)
    throw new ShapeError(`${op}: ${what} (${channels}) must be divisible by groups (${g})`);
  return g;
}

/** Checks that `bias` has shape `[channels]`. */
function expectChannelBias(bias: Tensor, channels: number, op: string): void {
  if (bias.ndim !== 1 || bias.shape[0] !== channels)
    throw new ShapeError(`${op}: bias must have shape [${channels}], got ${formatShape(bias.shape)}`);
}

/** Adds `bias [channels]` to `y [N, channels, ...spatial]`. */
export function addChannelBias(y: Tensor, bias: Tensor | undefined, op: string): Tensor {
  if (!bias) return y;
  const channels = y.shape[1]!;
  expectChannelBias(bias, channels, op);
  return add(y, reshape(bias, [channels, ...new Array<number>(y.ndim - 2).fill(1)]));
}

/** The padding before and after each axis; 'same' splits d·(k − 1) with the extra one after. */
function paddingOf(options: ConvOptions, kernel: number[], dilation: number[], stride: number[], op: string) {
  const rank = kernel.length;
  const padding = options.padding ?? 0;
  if (padding === 'valid')
    return { before: new Array<number>(rank).fill(0), after: new Array<number>(rank).fill(0) };
  if (padding === 'same') {
    if (stride.some((s) => s !== 1))
      throw new ValueError(`${op}: padding 'same' needs stride 1, got stride ${JSON.stringify(stride)}`);
    const total = kernel.map((k, i) => dilation[i]! * (k - 1));
    const before = total.map((t) => Math.floor(t / 2));
    return { before, after: total.map((t, i) => t - before[i]!) };
  }
  const p = spatialTuple(padding, rank, op, 'padding', 0);
  return { before: p, after: p };
}

/**
 * The convolution over `rank` spatial axes behind {@link conv1d}, {@link conv2d} and
 * {@link conv3d}: checks, geometry, the primitive and the bias.
 * @example
 * const x = randn([1, 3, 8, 8]);
 * const w = randn([4, 3, 3, 3]);
 * convNd(x, w, undefined, { padding: 'same' }, 2, 'conv2d').shape; // => [1, 4, 8, 8]
 */
export function convNd(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  options: ConvOptions,
  rank: number,
  op: string,
): Tensor {
  const { xs, w, b, g } = preparedConv(x, weight, bias, options, rank, op);
  return convForward(xs, w, g, b);
}

/** What a convolution runs on, after {@link convNd}'s checks: operands in one dtype and the geometry. */
export interface PreparedConv {
  xs: Tensor;
  w: Tensor;
  b: Tensor | undefined;
  g: ConvGeometry;
}

/**
 * The checks and geometry of {@link convNd}, for ops that run a convolution with more after it.
 * @example
 * preparedConv(randn([1, 3, 8, 8]), randn([4, 3, 3, 3]), null, { padding: 1 }, 2, 'conv2d').g.outSize; // => [8, 8]
 */
export function preparedConv(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  options: ConvOptions,
  rank: number,
  op: string,
): PreparedConv {
  const [xs, w, b] = convOperands(x, weight, bias, rank, op);
  const groups = checkGroups(options.groups ?? 1, w.shape[0]!, 'weight.shape[0]', op);
  if (xs.shape[1] !== w.shape[1]! * groups) {
    throw new ShapeError(
      `${op}: x.shape[1] (${xs.shape[1]}) must equal weight.shape[1]·groups (${w.shape[1]! * groups})`,
    );
  }
  const stride = spatialTuple(options.stride ?? 1, rank, op, 'stride', 1);
  const dilation = spatialTuple(options.dilation ?? 1, rank, op, 'dilation', 1);
  const kernelSize = w.shape.slice(2);
  const inSize = xs.shape.slice(2);
  const pad = paddingOf(options, kernelSize, dilation, stride, op);
  const outSize = inSize.map((n, i) =>
    windowCount(n, kernelSize[i]!, stride[i]!, pad.before[i]!, pad.after[i]!, dilation[i]!, false, op, i),
  );
  const g: ConvGeometry = { inSize, kernelSize, outSize, stride, padding: pad.before, dilation, groups };
  if (b) expectChannelBias(b, w.shape[0]!, op);
  return { xs, w, b, g };
}
