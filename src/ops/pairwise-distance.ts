import { ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { expectFloat, expectTensor } from './convert.js';
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

/** Checks a norm order: any p > 0, or Infinity. */
export function checkOrder(p: number, op: string): void {
  if (typeof p !== 'number' || !(p > 0))
    throw new ValueError(`${op}: p must be a positive number or Infinity, got ${p}`);
}

/** Checks two float tensors of at least one axis with equal last axes (the vectors compared). */
export function checkVectors(x1: Tensor, x2: Tensor, op: string, [n1, n2] = ['x1', 'x2']): void {
  expectTensor(x1, op, n1!);
  expectTensor(x2, op, n2!);
  expectFloat(x1, op, n1);
  expectFloat(x2, op, n2);
  if (x1.ndim === 0 || x2.ndim === 0 || x1.shape.at(-1) !== x2.shape.at(-1))
    throw new ShapeError(
      `${op}: ${n1} and ${n2} must end in the same vector size, got ${formatShape(x1.shape)} and ${formatShape(x2.shape)}`,
    );
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
