import { softmax } from '../../../ops/softmax.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * e^xᵢ / Σⱼ e^xⱼ along `axis` (default the last), as a layer.
 * @example
 * new Softmax(1).forward(tensor([[0, 0]])); // => [[0.5, 0.5]]
 */
export class Softmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
}
