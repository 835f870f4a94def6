import { leakyRelu } from '../../../ops/leaky-relu.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * x for x > 0, negativeSlope·x otherwise, as a layer (see the `leakyRelu` op).
 * @see https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf
 * @example
 * new LeakyReLU(0.1).forward(tensor([-2, 3])); // => [-0.2, 3]
 */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
}
