import { ShapeError, ValueError } from '../../../errors.js';
import { expectTensor } from '../../../ops/core/convert.js';
import { groupNorm } from '../../../ops/group-norm.js';
import { full } from '../../../tensor/creation.js';
import type { DType } from '../../../tensor/dtype.js';
import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module, Parameter } from '../../module.js';

/** Options of {@link GroupNorm}. */
export interface GroupNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn a per-channel scale (starts at 1) and shift (starts at 0) (default true). */
  affine?: boolean;
  dtype?: DType;
}

/**
 * Group normalization of `[batch, channels, ...]`: the channels fall into `numGroups` groups and
 * each sample's group is normalized by its own mean and biased variance (see {@link groupNorm}),
 * then scaled and shifted per channel. It does not depend on the batch, so it works with batches
 * of one and behaves the same in training and eval.
 * @see https://arxiv.org/abs/1803.08494
 * @example
 * const gn = new nn.GroupNorm(2, 4);
 * gn.forward(randn([3, 4, 5])).shape; // [3, 4, 5]
 */
export class GroupNorm extends Module {
  readonly eps: number;
  weight?: Parameter;
  bias?: Parameter;

  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    { eps = 1e-5, affine = true, dtype }: GroupNormOptions = {},
  ) {
    super();
    for (const [value, arg] of [
      [numGroups, 'numGroups'],
      [numChannels, 'numChannels'],
    ] as const)
      if (!Number.isSafeInteger(value) || value < 1)
        throw new ValueError(`GroupNorm: ${arg} must be a positive integer, got ${value}`);
    if (numChannels % numGroups !== 0)
      throw new ValueError(
        `GroupNorm: numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`,
      );
    this.eps = eps;
    if (affine) {
      this.weight = Parameter.from(full([numChannels], 1, { dtype }));
      this.bias = Parameter.zeros([numChannels], { dtype });
    }
  }

  forward(x: Tensor): Tensor {
    expectTensor(x, 'GroupNorm', 'x');
    if (x.ndim < 2 || x.shape[1] !== this.numChannels)
      throw new ShapeError(
        `GroupNorm: expected input of shape [batch, ${this.numChannels}, ...], got ${formatShape(x.shape)}`,
      );
    return groupNorm(x, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
}
