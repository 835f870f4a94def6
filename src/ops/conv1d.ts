import type { Tensor } from '../tensor/tensor.js';
import { type ConvOptions, convNd } from './core/conv-nd.js';

/**
 * The 1-d convolution (a cross-correlation, as in every framework) of `x` [batch, channels, length] with
 * `weight` [outChannels, inChannels/groups, kernelLength], plus `bias` [outChannels] when given.
 * Each output size is ⌊(n + 2p − d·(f − 1) − 1)/s⌋ + 1; `padding: 'same'` (stride 1 only) keeps
 * the input size, padding one more after than before when the total is odd, as PyTorch does.
 * @example
 * conv1d(tensor([[[1, 2, 3, 4]]]), tensor([[[1, -1]]])); // => [[[-1, -1, -1]]]
 */
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  return convNd(x, weight, bias, options, 1, 'conv1d');
}
