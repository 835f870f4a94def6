import type { Tensor } from '../tensor/tensor.js';
import { gt } from './compare.js';
import { checkFiniteNumber } from './core/check-number.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { expm1 } from './expm1.js';
import { mul } from './mul.js';
import { where } from './where.js';

/**
 * The exponential linear unit: x for x > 0, α·(eˣ − 1) otherwise, elementwise.
 * @see https://arxiv.org/abs/1511.07289
 * @example
 * elu(tensor([-1, 2])); // => [-0.6321, 2]
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  expectTensor(x, 'elu', 'x');
  expectFloat(x, 'elu');
  checkFiniteNumber(alpha, 'elu', 'alpha');
  const positive = gt(x, 0);
  // expm1 only sees x ≤ 0: eˣ of a large positive x would overflow, and where() multiplies the
  // unused branch's gradient by 0, which turns ∞ into NaN.
  const negativePart = where(positive, 0, x);
  return where(positive, x, mul(expm1(negativePart), alpha));
}
