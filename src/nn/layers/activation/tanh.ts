import { tanh } from '../../../ops/tanh.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * tanh(x), elementwise, as a layer (see the `tanh` op).
 * @example
 * new Tanh().forward(tensor([0])); // => [0]
 */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}
