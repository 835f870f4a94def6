import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { thresholdCounts } from './binary-scores.js';

export interface PrecisionRecallCurve {
  /** From +∞ (nothing predicted positive) down to the lowest score (everything positive). */
  thresholds: number[];
  /** TP / (TP + FP) at each threshold; 1 at +∞, where nothing is predicted. */
  precision: number[];
  /** TP / positives at each threshold. */
  recall: number[];
}

/**
 * Precision and recall as the decision threshold falls through every distinct score.
 * @example
 * precisionRecallCurve(tensor([0.1, 0.4, 0.35, 0.8]), tensor([0, 0, 1, 1]));
 * // thresholds [∞, 0.8, 0.4, 0.35, 0.1], precision [1, 1, 0.5, 2/3, 0.5], recall [0, 0.5, 0.5, 1, 1]
 */
export function precisionRecallCurve(
  scores: Tensor,
  target: Tensor,
  { posLabel = 1 }: { posLabel?: number } = {},
): PrecisionRecallCurve {
  const c = thresholdCounts(scores, target, 'precisionRecallCurve', posLabel);
  if (c.positives === 0)
    throw new ValueError('precisionRecallCurve: the target has no positives, so recall is undefined');
  return {
    thresholds: c.thresholds,
    precision: c.tp.map((tp, i) => (i === 0 ? 1 : tp / (tp + c.fp[i]!))),
    recall: c.tp.map((tp) => tp / c.positives),
  };
}

/**
 * Average precision: Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the precision–recall curve, the precision at each
 * threshold weighted by the recall it adds (no interpolation, as sklearn).
 * @example
 * averagePrecision(tensor([0.1, 0.4, 0.35, 0.8]), tensor([0, 0, 1, 1])); // 0.5·1 + 0.5·(2/3) = 5/6
 */
export function averagePrecision(
  scores: Tensor,
  target: Tensor,
  options: { posLabel?: number } = {},
): number {
  const { precision, recall } = precisionRecallCurve(scores, target, options);
  let sum = 0;
  for (let i = 1; i < recall.length; i++) sum += (recall[i]! - recall[i - 1]!) * precision[i]!;
  return sum;
}
