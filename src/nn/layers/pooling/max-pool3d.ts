import type { PoolOptions, SpatialTuple } from '../../../ops/core/window-options.js';
import { maxPool3d } from '../../../ops/max-pool.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Max pooling over `[batch, channels, depth, height, width]` as a layer (see the `maxPool3d` op); the stride defaults to the
 * kernel size, as in PyTorch.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.MaxPool3d.html
 * @example
 * const x = randn([2, 3, 8, 8, 8]);
 * new MaxPool3d(2).forward(x).shape; // => [2, 3, 4, 4, 4]
 */
export class MaxPool3d extends Module {
  readonly options: PoolOptions;

  constructor(kernelSize: SpatialTuple, options: Omit<PoolOptions, 'kernelSize'> = {}) {
    super();
    this.options = { ...options, kernelSize };
  }

  forward(x: Tensor): Tensor {
    return maxPool3d(x, this.options);
  }
}
