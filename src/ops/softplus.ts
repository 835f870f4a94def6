import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { gt } from './compare.js';
import { checkFiniteNumber } from './core/check-number.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { div } from './div.js';
import { exp } from './exp.js';
import { log1p } from './log1p.js';
import { maximum } from './maximum.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { where } from './where.js';

/**
 * log(1 + e^(βx)) / β, elementwise, and x itself where βx > threshold (as PyTorch).
 * Computed as log1p(e^(−|βx|)) + max(βx, 0), which neither overflows nor loses small values.
 * @example
 * softplus(tensor([0])); // => [0.6931]
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  expectTensor(x, 'softplus', 'x');
  expectFloat(x, 'softplus');
  checkFiniteNumber(beta, 'softplus', 'beta');
  if (beta === 0) throw new ValueError('softplus: beta must be non-zero (the curve divides by it), got 0');
  checkFiniteNumber(threshold, 'softplus', 'threshold');
  const z = mul(x, beta);
  // maximum splits its gradient at 0 (½ each), so the two kinks at z = 0 add up to σ(0) = ½.
  const stable = div(add(log1p(exp(neg(abs(z)))), maximum(z, 0)), beta);
  return where(gt(z, threshold), x, stable);
}
