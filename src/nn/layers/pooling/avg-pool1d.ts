import { type AvgPoolOptions, avgPool1d } from '../../../ops/avg-pool.js';
import type { SpatialTuple } from '../../../ops/core/window-options.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Average pooling over `[batch, channels, length]` as a layer (see the `avgPool1d` op); the stride defaults
 * to the kernel size, as in PyTorch.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.AvgPool1d.html
 * @example
 * new AvgPool1d(2).forward(tensor([[[1, 3, 2, 6]]])); // => [[[2, 4]]]
 */
export class AvgPool1d extends Module {
  readonly options: AvgPoolOptions;

  constructor(kernelSize: SpatialTuple, options: Omit<AvgPoolOptions, 'kernelSize'> = {}) {
    super();
    this.options = { ...options, kernelSize };
  }

  forward(x: Tensor): Tensor {
    return avgPool1d(x, this.options);
  }
}
