import { relu } from '../../../ops/relu.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * max(x, 0), elementwise, as a layer (see the `relu` op).
 * @example
 * new ReLU().forward(tensor([-1, 2])); // => [0, 2]
 */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}
