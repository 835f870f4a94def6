import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { sqrt } from './sqrt.js';
import { type VarOptions, variance } from './var.js';

/**
 * The standard deviation over `axis` (all axes when omitted): √var, unbiased by default.
 * @example
 * std(tensor([1, 2, 3, 4])); // => 1.2910
 */
export function std(x: Tensor, axis?: number | readonly number[], options: VarOptions = {}): Tensor {
  expectTensor(x, 'std', 'x');
  return sqrt(variance(x, axis, options));
}
