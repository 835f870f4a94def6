import { sigmoid } from '../../../ops/sigmoid.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * 1 / (1 + e^−x), elementwise, as a layer (see the `sigmoid` op).
 * @example
 * new Sigmoid().forward(tensor([0])); // => [0.5]
 */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}
