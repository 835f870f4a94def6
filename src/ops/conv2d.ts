import type { Tensor } from '../tensor/tensor.js';
import { type ConvOptions, convNd } from './core/conv-nd.js';

export type { ConvOptions, ConvPadding } from './core/conv-nd.js';

/**
 * The 2-d convolution (a cross-correlation, as in every framework) of `x` [batch, channels, height, width] with
 * `weight` [outChannels, inChannels/groups, kernelHeight, kernelWidth], plus `bias` [outChannels] when given.
 * Each output size is ⌊(n + 2p − d·(f − 1) − 1)/s⌋ + 1; `padding: 'same'` (stride 1 only) keeps
 * the input size, padding one more after than before when the total is odd, as PyTorch does.
 * @example
 * const x = randn([2, 3, 32, 32]);
 * const w = randn([16, 3, 3, 3]);
 * const b = zeros([16]);
 * conv2d(x, w, b, { stride: 2, padding: 1 }).shape; // => [2, 16, 16, 16]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  return convNd(x, weight, bias, options, 2, 'conv2d');
}
