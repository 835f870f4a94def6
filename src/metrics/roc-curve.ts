import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { thresholdCounts } from './binary-scores.js';

export interface RocCurve {
  /** From +∞ (the point (0, 0)) down to the lowest score (the point (1, 1)). */
  thresholds: number[];
  /** False positive rate FP / negatives at each threshold. */
  fpr: number[];
  /** True positive rate (recall) TP / positives at each threshold. */
  tpr: number[];
}

/**
 * The receiver operating characteristic: the true positive rate against the false positive rate
 * as the decision threshold falls through every distinct score. Needs both classes present.
 * @example
 * rocCurve(tensor([0.1, 0.4, 0.35, 0.8]), tensor([0, 0, 1, 1]));
 * // thresholds [∞, 0.8, 0.4, 0.35, 0.1], fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1]
 */
export function rocCurve(
  scores: Tensor,
  target: Tensor,
  { posLabel = 1 }: { posLabel?: number } = {},
): RocCurve {
  const c = thresholdCounts(scores, target, 'rocCurve', posLabel);
  if (c.positives === 0 || c.negatives === 0)
    throw new ValueError(
      `rocCurve: the target needs both positives and negatives, got ${c.positives} and ${c.negatives}`,
    );
  return {
    thresholds: c.thresholds,
    fpr: c.fp.map((v) => v / c.negatives),
    tpr: c.tp.map((v) => v / c.positives),
  };
}

/**
 * The area under the ROC curve (trapezoids between its points): the probability that a random
 * positive scores above a random negative, ties counting one half.
 * @example
 * rocAuc(tensor([0.1, 0.4, 0.35, 0.8]), tensor([0, 0, 1, 1])); // 0.75
 */
export function rocAuc(scores: Tensor, target: Tensor, options: { posLabel?: number } = {}): number {
  const { fpr, tpr } = rocCurve(scores, target, options);
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  return area;
}
