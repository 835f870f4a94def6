import type { Tensor } from '../tensor/tensor.js';
import { exp } from './exp.js';
import { logSoftmax } from './log-softmax.js';

/**
 * e^xᵢ / Σⱼ e^xⱼ along `axis` (default the last), computed through logSoftmax so that inputs
 * of ±1e4 neither overflow nor give NaN.
 * @example
 * softmax(tensor([1, 1])); // => [0.5, 0.5]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmax(x, axis));
}
