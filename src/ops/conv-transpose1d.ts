import type { Tensor } from '../tensor/tensor.js';
import { type ConvTransposeOptions, convTransposeNd } from './core/conv-transpose-nd.js';

/**
 * The 1-d transposed convolution (the gradient of conv1d with respect to its input, a learned
 * upsampling) of `x` [batch, inChannels, length] with `weight` [inChannels, outChannels/groups, kernelLength], plus `bias` [outChannels] when given.
 * Each output size is (n − 1)·s − 2p + d·(f − 1) + outputPadding + 1.
 * @example
 * convTranspose1d(tensor([[[1, 2]]]), tensor([[[1, 1, 1]]]), null, { stride: 2 }); // => [[[1, 1, 3, 2, 2]]]
 */
export function convTranspose1d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTransposeOptions = {},
): Tensor {
  return convTransposeNd(x, weight, bias, options, 1, 'convTranspose1d');
}
