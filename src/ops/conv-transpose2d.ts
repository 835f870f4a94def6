import type { Tensor } from '../tensor/tensor.js';
import { type ConvTransposeOptions, convTransposeNd } from './core/conv-transpose-nd.js';

export type { ConvTransposeOptions } from './core/conv-transpose-nd.js';

/**
 * The 2-d transposed convolution (the gradient of conv2d with respect to its input, a learned
 * upsampling) of `x` [batch, inChannels, height, width] with `weight` [inChannels, outChannels/groups, kernelHeight, kernelWidth], plus `bias` [outChannels] when given.
 * Each output size is (n − 1)·s − 2p + d·(f − 1) + outputPadding + 1.
 * @example
 * const x = randn([2, 16, 8, 8]);
 * const w = randn([16, 3, 3, 3]);
 * const b = zeros([3]);
 * convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1 }).shape; // => [2, 3, 16, 16]
 */
export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTransposeOptions = {},
): Tensor {
  return convTransposeNd(x, weight, bias, options, 2, 'convTranspose2d');
}
