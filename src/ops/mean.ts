import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { div } from './div.js';
import { sum } from './sum.js';

/**
 * The mean over `axis` (all axes when omitted). The mean of no elements is NaN.
 * @example
 * mean(tensor([[1, 2], [3, 4]]), 0); // => [2, 3]
 */
export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  expectTensor(x, 'mean', 'x');
  const axes = normalizeAxes(axis, x.ndim, 'mean');
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  return div(sum(cast(x, floatTypeOf(x)), axes, keepDims), count);
}
