import { globalAvgPool } from '../../../ops/global-avg-pool.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * The mean over every spatial axis, `[batch, channels, ...spatial]` → `[batch, channels]` (see the
 * `globalAvgPool` op): a ResNet-style head without a Flatten.
 * @see https://arxiv.org/abs/1312.4400
 * @example
 * const x = randn([2, 16, 7, 7]);
 * new GlobalAvgPool().forward(x).shape; // => [2, 16]
 */
export class GlobalAvgPool extends Module {
  forward(x: Tensor): Tensor {
    return globalAvgPool(x);
  }
}
