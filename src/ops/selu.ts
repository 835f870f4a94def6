import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { elu } from './elu.js';
import { mul } from './mul.js';

/** The self-normalizing constants λ and α, as in the paper and PyTorch. */
const LAMBDA = 1.0507009873554805;
const ALPHA = 1.6732632423543772;

/**
 * The scaled exponential linear unit λ·elu(x, α), elementwise.
 * @see https://arxiv.org/abs/1706.02515
 * @example
 * selu(tensor([1])); // => [1.0507]
 */
export function selu(x: Tensor): Tensor {
  expectTensor(x, 'selu', 'x');
  return mul(elu(x, ALPHA), LAMBDA);
}
