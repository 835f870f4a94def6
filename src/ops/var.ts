import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { div } from './div.js';
import { mean } from './mean.js';
import { square } from './square.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

export interface VarOptions {
  /** Divide by n − 1 (Bessel's correction, the default) rather than n. */
  unbiased?: boolean;
  keepDims?: boolean;
}

/**
 * The variance over `axis` (all axes when omitted): Σ(x − mean)² / (n − 1), or / n with
 * `unbiased: false`. With one element the unbiased variance is NaN (0/0), as in PyTorch.
 * @example
 * variance(tensor([1, 2, 3, 4])); // => 1.6667
 */
export function variance(x: Tensor, axis?: number | readonly number[], options: VarOptions = {}): Tensor {
  const { unbiased = true, keepDims = false } = options;
  expectTensor(x, 'var', 'x');
  expectFloat(x, 'var');
  const axes = normalizeAxes(axis, x.ndim, 'var');
  const n = axes.reduce((count, a) => count * x.shape[a]!, 1);
  const deviation = sub(x, mean(x, axes, true));
  return div(sum(square(deviation), axes, keepDims), unbiased ? n - 1 : n);
}

export { variance as var };
