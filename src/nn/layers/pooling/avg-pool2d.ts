import { type AvgPoolOptions, avgPool2d } from '../../../ops/avg-pool.js';
import type { SpatialTuple } from '../../../ops/core/window-options.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Average pooling over `[batch, channels, height, width]` as a layer (see the `avgPool2d` op); the stride defaults
 * to the kernel size, as in PyTorch.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.AvgPool2d.html
 * @example
 * const x = randn([2, 6, 28, 28]);
 * new AvgPool2d(2).forward(x).shape; // => [2, 6, 14, 14]
 */
export class AvgPool2d extends Module {
  readonly options: AvgPoolOptions;

  constructor(kernelSize: SpatialTuple, options: Omit<AvgPoolOptions, 'kernelSize'> = {}) {
    super();
    this.options = { ...options, kernelSize };
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.options);
  }
}
