import { elu } from '../../../ops/elu.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * x for x > 0, α(eˣ − 1) otherwise, as a layer (see the `elu` op).
 * @see https://arxiv.org/abs/1511.07289
 * @example
 * new ELU().forward(tensor([-1, 2])); // => [-0.6321, 2]
 */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
}
