import { type AvgPoolOptions, avgPool3d } from '../../../ops/avg-pool.js';
import type { SpatialTuple } from '../../../ops/core/window-options.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Average pooling over `[batch, channels, depth, height, width]` as a layer (see the `avgPool3d` op); the stride defaults
 * to the kernel size, as in PyTorch.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.AvgPool3d.html
 * @example
 * const x = randn([2, 3, 8, 8, 8]);
 * new AvgPool3d(2).forward(x).shape; // => [2, 3, 4, 4, 4]
 */
export class AvgPool3d extends Module {
  readonly options: AvgPoolOptions;

  constructor(kernelSize: SpatialTuple, options: Omit<AvgPoolOptions, 'kernelSize'> = {}) {
    super();
    this.options = { ...options, kernelSize };
  }

  forward(x: Tensor): Tensor {
    return avgPool3d(x, this.options);
  }
}
