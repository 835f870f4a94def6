import { flatten } from '../../../ops/reshape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Merges axes `startAxis` … `endAxis` into one; by default everything after the batch axis, as
 * between a convolutional trunk and a Linear head.
 * @example
 * new Flatten().forward(zeros([2, 3, 4])).shape; // => [2, 12]
 */
export class Flatten extends Module {
  constructor(
    readonly startAxis = 1,
    readonly endAxis = -1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startAxis, this.endAxis);
  }
}
