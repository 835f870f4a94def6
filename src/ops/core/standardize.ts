import type { Tensor } from '../../tensor/tensor.js';
import { add } from '../add.js';
import { mean } from '../mean.js';
import { mul } from '../mul.js';
import { rsqrt } from '../rsqrt.js';
import { square } from '../square.js';
import { sub } from '../sub.js';

/** A tensor standardized over some axes, with the moments it was standardized by. */
export interface Standardized {
  /** (x − mean) / √(variance + eps). */
  y: Tensor;
  /** The mean over the axes, which stay as size 1. */
  mean: Tensor;
  /** The biased variance (divided by n) over the axes, which stay as size 1. */
  variance: Tensor;
}

/**
 * Standardizes `x` over `axes` by its own mean and biased variance: the shared core of batch,
 * layer and group normalization.
 * @example
 * standardize(tensor([[1, 3]]), [1], 0).y; // => [[-1, 1]]
 */
export function standardize(x: Tensor, axes: readonly number[], eps: number): Standardized {
  const mu = mean(x, axes, true);
  const centered = sub(x, mu);
  const variance = mean(square(centered), axes, true);
  return { y: mul(centered, rsqrt(add(variance, eps))), mean: mu, variance };
}
