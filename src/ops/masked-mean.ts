import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkLengths } from './core/check-lengths.js';
import { expectFloat } from './core/convert.js';
import { div } from './div.js';
import { reshape } from './reshape.js';
import { sequenceMask } from './sequence-mask.js';
import { sum } from './sum.js';
import { where } from './where.js';

/**
 * The mean over the steps of padded sequences `x [batch, seq, ...features]` that each sequence
 * really has: `out[b] = (x[b, 0] + … + x[b, lengths[b] − 1]) / lengths[b]`, shape
 * `[batch, ...features]`. Padding steps neither count nor receive a gradient. With word
 * embeddings for `x`, this is the course's average-of-embeddings sentence encoding.
 * @example
 * const x = tensor([[[1], [3], [100]], [[2], [100], [100]]]); // [2, 3, 1], padded
 * maskedMean(x, [2, 1]); // => [[2], [2]]
 */
export function maskedMean(x: Tensor, lengths: readonly number[]): Tensor {
  checkLengths('maskedMean', x, lengths);
  expectFloat(x, 'maskedMean', 'x');
  const [batch, seq, ...features] = x.shape as number[];
  const trailing = features.map(() => 1);
  // where rather than a multiply by 0/1: a padding step holding Infinity or NaN stays out of the sum.
  const mask = reshape(sequenceMask(lengths, seq!), [batch!, seq!, ...trailing]);
  const counts = tensor([...lengths], { dtype: x.dtype, shape: [batch!, ...trailing] });
  return div(sum(where(mask, x, 0), 1), counts);
}
