import { conv1d } from '../../../ops/conv1d.js';
import type { ConvOptions } from '../../../ops/core/conv-nd.js';
import type { SpatialTuple } from '../../../ops/core/window-options.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { ConvLayer, type ConvLayerOptions } from './conv-layer.js';

/**
 * A 1-d convolution layer over `[batch, inChannels, length]` (see the `conv1d` op), owning a weight
 * `[outChannels, inChannels/groups, ...kernel]` and a bias, initialized as PyTorch does.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.Conv1d.html
 * @example
 * const x = randn([2, 3, 10]);
 * new Conv1d(3, 8, 3).forward(x).shape; // => [2, 8, 8]
 */
export class Conv1d extends ConvLayer {
  readonly padding: ConvOptions['padding'];

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: SpatialTuple,
    options: ConvLayerOptions = {},
  ) {
    super({ name: 'Conv1d', rank: 1, transposed: false }, inChannels, outChannels, kernelSize, options);
    this.padding = options.padding ?? 0;
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this;
    return conv1d(x, this.weight, this.bias, { stride, padding, dilation, groups });
  }
}
