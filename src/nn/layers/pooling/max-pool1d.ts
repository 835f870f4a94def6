import type { PoolOptions, SpatialTuple } from '../../../ops/core/window-options.js';
import { maxPool1d } from '../../../ops/max-pool.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Max pooling over `[batch, channels, length]` as a layer (see the `maxPool1d` op); the stride defaults to the
 * kernel size, as in PyTorch.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.MaxPool1d.html
 * @example
 * new MaxPool1d(2).forward(tensor([[[1, 3, 2, 5]]])); // => [[[3, 5]]]
 */
export class MaxPool1d extends Module {
  readonly options: PoolOptions;

  constructor(kernelSize: SpatialTuple, options: Omit<PoolOptions, 'kernelSize'> = {}) {
    super();
    this.options = { ...options, kernelSize };
  }

  forward(x: Tensor): Tensor {
    return maxPool1d(x, this.options);
  }
}
