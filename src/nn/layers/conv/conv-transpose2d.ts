import { convTranspose2d } from '../../../ops/conv-transpose2d.js';
import type { SpatialTuple } from '../../../ops/core/window-options.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { ConvLayer, type ConvTransposeLayerOptions } from './conv-layer.js';

/**
 * A 2-d transposed convolution layer (a learned upsampling) over `[batch, inChannels, height, width]` (see the
 * `convTranspose2d` op), owning a weight `[inChannels, outChannels/groups, ...kernel]` and a bias,
 * initialized as PyTorch does.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.ConvTranspose2d.html
 * @example
 * const x = randn([1, 64, 8, 8]);
 * new ConvTranspose2d(64, 32, 2, { stride: 2 }).forward(x).shape; // => [1, 32, 16, 16]
 */
export class ConvTranspose2d extends ConvLayer {
  readonly padding: SpatialTuple;
  readonly outputPadding: SpatialTuple;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: SpatialTuple,
    options: ConvTransposeLayerOptions = {},
  ) {
    super(
      { name: 'ConvTranspose2d', rank: 2, transposed: true },
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
    return convTranspose2d(x, this.weight, this.bias, { stride, padding, outputPadding, dilation, groups });
  }
}
