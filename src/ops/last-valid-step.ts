import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkLengths } from './core/check-lengths.js';
import { indexSelect } from './index-select.js';
import { reshape } from './reshape.js';

/**
 * Each padded sequence's own last step: `out[b] = x[b, lengths[b] − 1]` for `x [batch, seq,
 * ...features]`, shape `[batch, ...features]`. Read from the outputs of a forward recurrent
 * layer run over the whole padded batch, it is each sequence's final hidden state: outputs up to
 * a sequence's end never see the padding that follows it. The gradient flows to those steps only.
 * @example
 * const x = tensor([[[1], [2], [3]], [[4], [5], [6]]]); // [2, 3, 1]
 * lastValidStep(x, [3, 1]); // => [[3], [4]]
 */
export function lastValidStep(x: Tensor, lengths: readonly number[]): Tensor {
  checkLengths('lastValidStep', x, lengths);
  const [batch, seq, ...features] = x.shape as number[];
  const rows = Int32Array.from(lengths, (n, b) => b * seq! + n - 1);
  const flat = reshape(x, [batch! * seq!, ...features]);
  return reshape(indexSelect(flat, 0, tensor(rows, { dtype: 'int32' })), [batch!, ...features]);
}
