import type { Tensor } from '../tensor/tensor.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { checkOrder, checkVectors } from './core/check-vectors.js';
import { norm } from './norm.js';
import { pow } from './pow.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

export interface PairwiseDistanceOptions {
  /** The order of the norm, any p > 0 or Infinity (default 2). */
  p?: number;
  /** Added to the difference before the norm, keeping the gradient finite at equal inputs (default 1e-6). */
  eps?: number;
  /** Keep the reduced last axis as size 1 (default false). */
  keepDims?: boolean;
}

/**
 * The p-norm over the last axis: the 1-, 2- and ∞-norms through `norm` (whose 2-norm has
 * gradient 0 at 0), other orders as (Σ|x|ᵖ)^(1/p).
 */
export function pNormLastAxis(x: Tensor, p: number, keepDims: boolean): Tensor {
  if (p === 1 || p === 2 || p === Number.POSITIVE_INFINITY) return norm(x, p, -1, keepDims);
  return pow(sum(pow(abs(x), p), -1, keepDims), 1 / p);
}

/**
 * The p-norm distance ‖x1 − x2 + eps‖ₚ between matching rows, over the last axis (the inputs
 * broadcast against each other), as PyTorch's `pairwise_distance`.
 * @example
 * const x1 = tensor([[0, 0], [1, 1]]);
 * const x2 = tensor([[3, 4], [1, 1]]);
 * pairwiseDistance(x1, x2, { eps: 0 }); // [5, 0]
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, options: PairwiseDistanceOptions = {}): Tensor {
  checkVectors(x1, x2, 'pairwiseDistance');
  const { p = 2, eps = 1e-6, keepDims = false } = options;
  checkOrder(p, 'pairwiseDistance');
  return pNormLastAxis(add(sub(x1, x2), eps), p, keepDims);
}
