import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { mul } from './mul.js';
import { sigmoid } from './sigmoid.js';

/**
 * The sigmoid linear unit x·σ(x), elementwise (also called swish).
 * @see https://arxiv.org/abs/1702.03118
 * @example
 * silu(tensor([0, 1])); // => [0, 0.7311]
 */
export function silu(x: Tensor): Tensor {
  expectTensor(x, 'silu', 'x');
  expectFloat(x, 'silu');
  return mul(x, sigmoid(x));
}

/**
 * Swish, the same function as {@link silu}.
 * @see https://arxiv.org/abs/1710.05941
 * @example
 * swish(tensor([1])); // => [0.7311]
 */
export const swish: (x: Tensor) => Tensor = silu;
