import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { matmul } from './matmul.js';
import { transpose } from './permute.js';

/**
 * x·Wᵀ + b, the affine map of a fully connected layer: x `[..., in]`, weight `[out, in]`,
 * bias `[out]`.
 * @example
 * linear(ones([2, 3]), ones([4, 3]), zeros([4])); // shape [2, 4], all 3
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  const y = matmul(x, transpose(weight));
  return bias ? add(y, bias) : y;
}
