import { conv2d } from '../../../ops/conv2d.js';
import type { ConvOptions } from '../../../ops/core/conv-nd.js';
import type { SpatialTuple } from '../../../ops/core/window-options.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { ConvLayer, type ConvLayerOptions } from './conv-layer.js';

/**
 * A 2-d convolution layer over `[batch, inChannels, height, width]` (see the `conv2d` op), owning a weight
 * `[outChannels, inChannels/groups, ...kernel]` and a bias, initialized as PyTorch does.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html
 * @example
 * const x = randn([1, 3, 32, 32]);
 * new Conv2d(3, 16, 3, { padding: 1 }).forward(x).shape; // => [1, 16, 32, 32]
 */
export class Conv2d extends ConvLayer {
  readonly padding: ConvOptions['padding'];

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: SpatialTuple,
    options: ConvLayerOptions = {},
  ) {
    super({ name: 'Conv2d', rank: 2, transposed: false }, inChannels, outChannels, kernelSize, options);
    this.padding = options.padding ?? 0;
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this;
    return conv2d(x, this.weight, this.bias, { stride, padding, dilation, groups });
  }
}
