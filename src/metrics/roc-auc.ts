import { ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The area under the ROC curve of scores [n] against binary labels [n] (1 positive, 0 negative):
 * the probability that a random positive scores above a random negative, ties counting one half
 * (the Mann–Whitney statistic, computed from average ranks). 1 ranks perfectly, 0.5 is chance.
 * @see https://en.wikipedia.org/wiki/Receiver_operating_characteristic#Area_under_the_curve
 * @example
 * rocAuc(tensor([0.1, 0.4, 0.35, 0.8]), tensor([0, 0, 1, 1])); // 0.75
 */
export function rocAuc(scores: Tensor, labels: Tensor): number {
  if (scores.ndim !== 1 || labels.ndim !== 1 || scores.shape[0] !== labels.shape[0])
    throw new ShapeError(
      `rocAuc: scores and labels must both be [n], got ${formatShape(scores.shape)} and ${formatShape(labels.shape)}`,
    );
  const s = scores.data();
  const y = labels.data();
  if ([...y].some((v) => v !== 0 && v !== 1)) throw new ValueError('rocAuc: labels must be 0 or 1');
  if ([...s].some((v) => Number.isNaN(v))) throw new ValueError('rocAuc: scores must not hold NaN');
  const positives = [...y].filter((v) => v === 1).length;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0)
    throw new ValueError(`rocAuc: needs both classes, got ${positives} positives and ${negatives} negatives`);
  const order = Array.from({ length: s.length }, (_, i) => i).sort((i, j) => s[i]! - s[j]!);
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && s[order[end + 1]!] === s[order[start]!]) end++;
    // Tied scores share the mean of their ranks (1-based).
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (y[order[k]!] === 1) rankSum += rank;
    start = end + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
