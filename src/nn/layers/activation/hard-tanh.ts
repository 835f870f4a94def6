import { hardTanh } from '../../../ops/hard-tanh.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * x clipped to [min, max] (default [−1, 1]), as a layer (see the `hardTanh` op).
 * @see https://pytorch.org/docs/stable/generated/torch.nn.Hardtanh.html
 * @example
 * new HardTanh().forward(tensor([-2, 0.5, 3])); // => [-1, 0.5, 1]
 */
export class HardTanh extends Module {
  constructor(
    readonly min = -1,
    readonly max = 1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return hardTanh(x, this.min, this.max);
  }
}
