import { ValueError } from '../../errors.js';
import { div } from '../../ops/div.js';
import { mul } from '../../ops/mul.js';
import { neg } from '../../ops/neg.js';
import { reshape } from '../../ops/reshape.js';
import { sum } from '../../ops/sum.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type ClassLossOptions, classRows, classTargetWeights, targetShape } from './class-targets.js';

/**
 * −Σ_c q_ic·logp_ic per row, reduced: the shared end of nllLoss and crossEntropy (class targets).
 * @example
 * const [logits, target] = [tensor([[2, 0, 1]]), tensor([0], { dtype: 'int32' })];
 * weightedNll(logSoftmax(logits, 1), target, {}, 0, 'crossEntropy'); // crossEntropy(logits, target)
 */
export function weightedNll(
  logProbs: Tensor,
  target: Tensor,
  options: ClassLossOptions,
  smoothing: number,
  op: string,
): Tensor {
  const rows = classRows(logProbs, op);
  const { q, denominator } = classTargetWeights(logProbs, target, options, smoothing, op);
  const weights = tensor(q, { dtype: rows.dtype, shape: [...rows.shape] });
  const perRow = neg(sum(mul(rows, weights), 1));
  const { reduction = 'mean' } = options;
  if (reduction === 'none') return reshape(perRow, targetShape(logProbs));
  if (reduction === 'sum') return sum(perRow);
  if (reduction === 'mean') return div(sum(perRow), denominator);
  throw new ValueError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
}

/**
 * Negative log-likelihood on log-probabilities `[N, C]` or `[N, C, d...]` with int32 class targets
 * `[N]` / `[N, d...]`: −logp[i, yᵢ]·w[yᵢ], averaged over Σ w[yᵢ] (ignored targets excluded).
 * @example
 * nllLoss(tensor([[-0.5, -1]]), tensor([1], { dtype: 'int32' })); // => 1
 */
export function nllLoss(logProbs: Tensor, target: Tensor, options: ClassLossOptions = {}): Tensor {
  return weightedNll(logProbs, target, options, 0, 'nllLoss');
}
