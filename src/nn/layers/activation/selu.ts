import { selu } from '../../../ops/selu.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * The self-normalizing ELU, λ·elu(x, α) with PyTorch's constants, as a layer (pair it with
 * `lecunNormal` init).
 * @see https://arxiv.org/abs/1706.02515
 * @example
 * new SELU().forward(tensor([1])); // => [1.0507]
 */
export class SELU extends Module {
  forward(x: Tensor): Tensor {
    return selu(x);
  }
}
