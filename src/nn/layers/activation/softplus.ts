import { softplus } from '../../../ops/softplus.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * log(1 + e^(βx)) / β, and x where βx > threshold, as a layer (see the `softplus` op).
 * @see https://pytorch.org/docs/stable/generated/torch.nn.Softplus.html
 * @example
 * new Softplus().forward(tensor([0])); // => [0.6931]
 */
export class Softplus extends Module {
  constructor(
    readonly beta = 1,
    readonly threshold = 20,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return softplus(x, this.beta, this.threshold);
  }
}
