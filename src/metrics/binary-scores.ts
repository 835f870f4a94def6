import { ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { targetLabels } from './labels.js';

/** One operating point per distinct score, from the highest threshold down. */
export interface ThresholdCounts {
  /** Predicted positive when score ≥ threshold; the first is +∞ (nothing predicted positive). */
  thresholds: number[];
  /** True and false positives at each threshold. */
  tp: number[];
  fp: number[];
  positives: number;
  negatives: number;
}

/**
 * Cumulative true/false positive counts as the threshold falls through each distinct score, the
 * basis of the ROC and precision–recall curves. Scores are `[n]` or `[n, 1]` (higher = more
 * positive); a target equal to `posLabel` is positive.
 * @example
 * thresholdCounts(tensor([0.9, 0.4, 0.4]), tensor([1, 0, 1]), 'rocCurve'); // thresholds [∞, 0.9, 0.4], tp [0, 1, 2], fp [0, 0, 1]
 */
export function thresholdCounts(scores: Tensor, target: Tensor, op: string, posLabel = 1): ThresholdCounts {
  if (scores.size !== target.size || (scores.ndim > 1 && scores.shape[scores.ndim - 1] !== 1))
    throw new ShapeError(
      `${op}: scores must hold one score per target, got ${formatShape(scores.shape)} for target ${formatShape(target.shape)}`,
    );
  const s = Array.from(scores.data(), Number);
  if (s.some((v) => Number.isNaN(v))) throw new ValueError(`${op}: scores must not be NaN`);
  const y = targetLabels(target, op).map((label) => label === posLabel);
  const order = s.map((_, i) => i).sort((a, b) => s[b]! - s[a]!);
  const counts: ThresholdCounts = { thresholds: [Infinity], tp: [0], fp: [0], positives: 0, negatives: 0 };
  let tp = 0;
  let fp = 0;
  order.forEach((i, k) => {
    if (y[i]) tp++;
    else fp++;
    // Tied scores are one threshold: record the point after the last of them.
    if (k === order.length - 1 || s[order[k + 1]!]! !== s[i]) {
      counts.thresholds.push(s[i]!);
      counts.tp.push(tp);
      counts.fp.push(fp);
    }
  });
  counts.positives = tp;
  counts.negatives = fp;
  return counts;
}
