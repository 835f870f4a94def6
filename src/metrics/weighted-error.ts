import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { predictedLabels, targetLabels } from './labels.js';

/**
 * The course's weighted error: Σ wᵢ·[ŷᵢ ≠ yᵢ] / Σ wᵢ, where a weight of 10 makes an
 * unacceptable mistake (a pornographic image shown as a cat) count ten times.
 * @example
 * // Mistakes on samples 1 (weight 10) and 2 (weight 1): (10 + 1) / (1 + 10 + 1 + 1).
 * weightedError(tensor([0, 0, 1, 1], { dtype: 'int32' }), tensor([0, 1, 0, 1], { dtype: 'int32' }), [1, 10, 1, 1]);
 */
export function weightedError(
  pred: Tensor,
  target: Tensor,
  weights: Tensor | readonly number[],
  { threshold = 0.5 }: { threshold?: number } = {},
): number {
  const p = predictedLabels(pred, target, 'weightedError', threshold);
  const t = targetLabels(target, 'weightedError');
  const w = Array.isArray(weights) ? weights : Array.from((weights as Tensor).data(), Number);
  if (w.length !== t.length)
    throw new ValueError(`weightedError: weights has ${w.length} values for ${t.length} targets`);
  let wrong = 0;
  let total = 0;
  w.forEach((wi: number, i: number) => {
    if (!(Number.isFinite(wi) && wi >= 0))
      throw new ValueError(`weightedError: weights[${i}] must be a finite number ≥ 0, got ${wi}`);
    total += wi;
    if (p[i] !== t[i]) wrong += wi;
  });
  if (total === 0) throw new ValueError('weightedError: the weights sum to 0');
  return wrong / total;
}

/**
 * A metric for `fit`, `evaluate` and searches: the weighted error with each sample's weight given
 * by its true and predicted class. `evaluate` averages batches by size, which equals the weighted
 * error over the whole set only when batches carry equal total weight.
 * @example
 * // A true class 2 ("unacceptable") predicted as anything else weighs 10.
 * const metric = weightedErrorMetric((truth, guess) => (truth === 2 && guess !== 2 ? 10 : 1));
 * metric(tensor([0, 2], { dtype: 'int32' }), tensor([2, 2], { dtype: 'int32' })); // 10 / 11
 */
export function weightedErrorMetric(
  weightOf: (trueLabel: number, predictedLabel: number) => number,
  options: { threshold?: number } = {},
): (pred: Tensor, target: Tensor) => number {
  return (pred, target) => {
    const p = predictedLabels(pred, target, 'weightedErrorMetric', options.threshold);
    const t = targetLabels(target, 'weightedErrorMetric');
    return weightedError(
      pred,
      target,
      t.map((label, i) => weightOf(label, p[i]!)),
      options,
    );
  };
}
