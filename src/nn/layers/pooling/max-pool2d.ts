import type { PoolOptions, SpatialTuple } from '../../../ops/core/window-options.js';
import { maxPool2d } from '../../../ops/max-pool.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Max pooling over `[batch, channels, height, width]` as a layer (see the `maxPool2d` op); the stride defaults to the
 * kernel size, as in PyTorch.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.MaxPool2d.html
 * @example
 * const x = randn([2, 6, 28, 28]);
 * new MaxPool2d(2).forward(x).shape; // => [2, 6, 14, 14]
 */
export class MaxPool2d extends Module {
  readonly options: PoolOptions;

  constructor(kernelSize: SpatialTuple, options: Omit<PoolOptions, 'kernelSize'> = {}) {
    super();
    this.options = { ...options, kernelSize };
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.options);
  }
}
