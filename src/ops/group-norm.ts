import { ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { checkNormArg } from './core/check-norm-args.js';
import { checkFiniteNumber } from './core/check-number.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { standardize } from './core/standardize.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';

/** Options of {@link groupNorm}; weight and bias are `[channels]`. */
export interface GroupNormOpOptions {
  /** Per-channel scale (default none: 1). */
  weight?: Tensor | null;
  /** Per-channel shift (default none: 0). */
  bias?: Tensor | null;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/**
 * Group normalization, as PyTorch's `F.group_norm`: the channels of `x [batch, channels, ...]`
 * fall into `numGroups` consecutive groups, and each sample's group is standardized by its own
 * mean and biased variance (over its channels and every spatial position), then scaled and
 * shifted per channel. One group is layer norm over [C, ...]; C groups is instance norm.
 * @see https://arxiv.org/abs/1803.08494
 * @example
 * groupNorm(tensor([[1, 3, 10, 20]]), 2, { eps: 0 }); // => [[-1, 1, -1, 1]]
 */
export function groupNorm(x: Tensor, numGroups: number, options: GroupNormOpOptions = {}): Tensor {
  const { weight, bias, eps = 1e-5 } = options;
  expectTensor(x, 'groupNorm', 'x');
  expectFloat(x, 'groupNorm');
  if (x.ndim < 2)
    throw new ShapeError(
      `groupNorm: x must have rank ≥ 2 [batch, channels, ...], got shape ${formatShape(x.shape)}`,
    );
  const [n, c] = x.shape as [number, number];
  if (!Number.isSafeInteger(numGroups) || numGroups < 1)
    throw new ValueError(`groupNorm: numGroups must be a positive integer, got ${String(numGroups)}`);
  if (c % numGroups !== 0)
    throw new ShapeError(
      `groupNorm: the channels of x (${c}, shape ${formatShape(x.shape)}) must be divisible by numGroups (${numGroups})`,
    );
  checkNormArg(weight, [c], 'groupNorm', 'weight');
  checkNormArg(bias, [c], 'groupNorm', 'bias');
  checkFiniteNumber(eps, 'groupNorm', 'eps');
  // Each (sample, group) is one row of [N, G, (C/G)·spatial]; the statistics run along the rows.
  const perGroup = (c / numGroups) * x.shape.slice(2).reduce((a, b) => a * b, 1);
  let y = reshape(standardize(reshape(x, [n, numGroups, perGroup]), [2], eps).y, x.shape);
  const perChannel = [c, ...new Array<number>(x.ndim - 2).fill(1)];
  if (weight) y = mul(y, reshape(weight, perChannel));
  if (bias) y = add(y, reshape(bias, perChannel));
  return y;
}
