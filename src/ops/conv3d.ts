import type { Tensor } from '../tensor/tensor.js';
import { type ConvOptions, convNd } from './core/conv-nd.js';

/**
 * The 3-d convolution (a cross-correlation, as in every framework) of `x` [batch, channels, depth, height, width] with
 * `weight` [outChannels, inChannels/groups, kernelDepth, kernelHeight, kernelWidth], plus `bias` [outChannels] when given.
 * Each output size is ⌊(n + 2p − d·(f − 1) − 1)/s⌋ + 1; `padding: 'same'` (stride 1 only) keeps
 * the input size, padding one more after than before when the total is odd, as PyTorch does.
 * @example
 * const x = randn([2, 1, 8, 8, 8]);
 * const w = randn([4, 1, 3, 3, 3]);
 * conv3d(x, w, null, { padding: 'same' }).shape; // => [2, 4, 8, 8, 8]
 */
export function conv3d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  return convNd(x, weight, bias, options, 3, 'conv3d');
}
