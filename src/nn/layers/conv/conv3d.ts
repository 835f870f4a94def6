import { conv3d } from '../../../ops/conv3d.js';
import type { ConvOptions } from '../../../ops/core/conv-nd.js';
import type { SpatialTuple } from '../../../ops/core/window-options.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { ConvLayer, type ConvLayerOptions } from './conv-layer.js';

/**
 * A 3-d convolution layer over `[batch, inChannels, depth, height, width]` (see the `conv3d` op), owning a weight
 * `[outChannels, inChannels/groups, ...kernel]` and a bias, initialized as PyTorch does.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.Conv3d.html
 * @example
 * const x = randn([1, 1, 8, 8, 8]);
 * new Conv3d(1, 4, 3, { stride: 2, padding: 1 }).forward(x).shape; // => [1, 4, 4, 4, 4]
 */
export class Conv3d extends ConvLayer {
  readonly padding: ConvOptions['padding'];

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: SpatialTuple,
    options: ConvLayerOptions = {},
  ) {
    super({ name: 'Conv3d', rank: 3, transposed: false }, inChannels, outChannels, kernelSize, options);
    this.padding = options.padding ?? 0;
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this;
    return conv3d(x, this.weight, this.bias, { stride, padding, dilation, groups });
  }
}
