import type { SpatialTuple } from '../../../ops/core/window-options.js';
import { type MaxUnpoolOptions, maxUnpool2d } from '../../../ops/max-unpool2d.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * The partial inverse of max pooling as a layer (see the `maxUnpool2d` op): `forward(x, indices)`
 * puts each value back where `maxPool2dWithIndices` found it, zeros elsewhere.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.MaxUnpool2d.html
 * @example
 * const x = randn([1, 2, 4, 4]);
 * const { values, indices } = maxPool2dWithIndices(x, { kernelSize: 2 });
 * new MaxUnpool2d(2).forward(values, indices).shape; // => [1, 2, 4, 4]
 */
export class MaxUnpool2d extends Module {
  readonly options: MaxUnpoolOptions;

  constructor(kernelSize: SpatialTuple, options: Omit<MaxUnpoolOptions, 'kernelSize'> = {}) {
    super();
    this.options = { ...options, kernelSize };
  }

  forward(x: Tensor, indices: Tensor): Tensor {
    return maxUnpool2d(x, indices, this.options);
  }
}
