import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Returns its input unchanged: a placeholder, e.g. to cut off a pretrained model's head.
 * @example
 * const x = randn([2, 3]);
 * new Identity().forward(x) === x; // => true
 */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
