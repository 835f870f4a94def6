import { ValueError } from '../../../errors.js';
import type { ConvPadding } from '../../../ops/core/conv-nd.js';
import { type SpatialTuple, spatialTuple } from '../../../ops/core/window-options.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Generator } from '../../../tensor/random.js';
import { Module, Parameter } from '../../module.js';

/** What every convolution layer takes besides its channel counts and kernel size. */
export interface ConvLayerCommonOptions {
  /** Step between windows (default 1). */
  stride?: SpatialTuple;
  /** Spacing between kernel taps (default 1). */
  dilation?: SpatialTuple;
  /** Channel groups (default 1); groups = inChannels is a depthwise convolution. */
  groups?: number;
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  dtype?: DType;
  generator?: Generator;
  /**
   * Draw the initial values (default true). `false` leaves zeros and draws nothing: cheap when the
   * weights will be loaded anyway, or only counted.
   */
  init?: boolean;
}

/** Options of {@link Conv1d}, {@link Conv2d} and {@link Conv3d}. */
export interface ConvLayerOptions extends ConvLayerCommonOptions {
  /** Zero padding per side (default 0), or 'valid' / 'same'. */
  padding?: ConvPadding;
}

/** Options of {@link ConvTranspose1d} and {@link ConvTranspose2d}. */
export interface ConvTransposeLayerOptions extends ConvLayerCommonOptions {
  /** Removed from both ends of each output axis (default 0). */
  padding?: SpatialTuple;
  /** Added to the end of each output axis (default 0), to pick among the output sizes. */
  outputPadding?: SpatialTuple;
}

/** Which convolution a {@link ConvLayer} is: its name, its spatial rank, and whether transposed. */
export interface ConvKind {
  name: string;
  rank: number;
  transposed: boolean;
}

function checkChannels(kind: ConvKind, inChannels: number, outChannels: number, groups: number): void {
  for (const [arg, v] of [
    ['inChannels', inChannels],
    ['outChannels', outChannels],
    ['groups', groups],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1)
      throw new ValueError(`${kind.name}: ${arg} must be a positive integer, got ${v}`);
  }
  if (inChannels % groups !== 0 || outChannels % groups !== 0)
    throw new ValueError(
      `${kind.name}: inChannels (${inChannels}) and outChannels (${outChannels}) must be divisible by groups (${groups})`,
    );
}

/**
 * The parameters shared by every convolution layer: a weight `[outChannels, inChannels/groups,
 * ...kernel]` (transposed: `[inChannels, outChannels/groups, ...kernel]`) and a bias, both
 * U(±1/√fanIn) with fanIn = weight.shape[1]·∏kernel — PyTorch's default (kaiming-uniform with
 * a = √5 works out to exactly this bound).
 * @see https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html
 * @example
 * // A 1-d convolution without padding options (conv1d.ts and its siblings are the real ones).
 * class PlainConv1d extends ConvLayer {
 *   constructor(inChannels: number, outChannels: number, kernelSize: number) {
 *     super({ name: 'PlainConv1d', rank: 1, transposed: false }, inChannels, outChannels, kernelSize, {});
 *   }
 *   forward(x: Tensor): Tensor {
 *     return conv1d(x, this.weight, this.bias);
 *   }
 * }
 * new PlainConv1d(3, 8, 3).forward(randn([2, 3, 10])).shape; // => [2, 8, 8]
 */
export abstract class ConvLayer extends Module {
  weight: Parameter;
  bias?: Parameter;
  readonly kernelSize: readonly number[];
  readonly stride: readonly number[];
  readonly dilation: readonly number[];
  readonly groups: number;

  constructor(
    kind: ConvKind,
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: SpatialTuple,
    options: ConvLayerCommonOptions,
  ) {
    super();
    const { groups = 1, bias = true, dtype, generator, init = true } = options;
    checkChannels(kind, inChannels, outChannels, groups);
    this.kernelSize = spatialTuple(kernelSize, kind.rank, kind.name, 'kernelSize', 1);
    this.stride = spatialTuple(options.stride ?? 1, kind.rank, kind.name, 'stride', 1);
    this.dilation = spatialTuple(options.dilation ?? 1, kind.rank, kind.name, 'dilation', 1);
    this.groups = groups;
    const [lead, perGroup] = kind.transposed
      ? [inChannels, outChannels / groups]
      : [outChannels, inChannels / groups];
    const shape = [lead, perGroup, ...this.kernelSize];
    const k = 1 / Math.sqrt(perGroup * this.kernelSize.reduce((a, b) => a * b, 1));
    const make = (s: number[]): Parameter =>
      init ? Parameter.uniform(s, -k, k, { dtype, generator }) : Parameter.zeros(s, { dtype });
    this.weight = make(shape);
    if (bias) this.bias = make([outChannels]);
  }
}
