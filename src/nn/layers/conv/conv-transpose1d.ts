import { convTranspose1d } from '../../../ops/conv-transpose1d.js';
import type { SpatialTuple } from '../../../ops/core/window-options.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { ConvLayer, type ConvTransposeLayerOptions } from './conv-layer.js';

/**
 * A 1-d transposed convolution layer (a learned upsampling) over `[batch, inChannels, length]` (see the
 * `convTranspose1d` op), owning a weight `[inChannels, outChannels/groups, ...kernel]` and a bias,
 * initialized as PyTorch does.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.ConvTranspose1d.html
 * @example
 * const x = randn([1, 4, 5]);
 * new ConvTranspose1d(4, 2, 2, { stride: 2 }).forward(x).shape; // => [1, 2, 10]
 */
export class ConvTranspose1d extends ConvLayer {
  readonly padding: SpatialTuple;
  readonly outputPadding: SpatialTuple;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: SpatialTuple,
    options: ConvTransposeLayerOptions = {},
  ) {
    super(
      { name: 'ConvTranspose1d', rank: 1, transposed: true },
      inChannels,
      outChannels,
      kernelSize,
      options,
    );
    this.padding = options.padding ?? 0;
    this.outputPadding = options.outputPadding ?? 0;
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, outputPadding, dilation, groups } = this;
    return convTranspose1d(x, this.weight, this.bias, { stride, padding, outputPadding, dilation, groups });
  }
}
