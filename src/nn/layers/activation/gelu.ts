import { gelu } from '../../../ops/gelu.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * x·Φ(x), as a layer (see the `gelu` op); `approximate: 'tanh'` uses the tanh approximation.
 * @see https://arxiv.org/abs/1606.08415
 * @example
 * new GELU().forward(tensor([1])); // => [0.8413]
 */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  constructor({ approximate = 'none' }: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = approximate;
  }

  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
}
