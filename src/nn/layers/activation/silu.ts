import { silu } from '../../../ops/silu.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * x·σ(x) (swish), as a layer (see the `silu` op).
 * @see https://arxiv.org/abs/1710.05941
 * @example
 * new SiLU().forward(tensor([0, 1])); // => [0, 0.7311]
 */
export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}
