import { ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { predictedLabels, targetLabels } from './labels.js';

/**
 * The fraction of correct predictions. Scores `[n, C]` are compared by argmax over the last
 * axis; one score per sample (`[n]` or `[n, 1]`) is a binary prediction `score ≥ threshold`.
 * A prediction with a NaN score is never correct. Returns NaN for zero samples.
 * @example
 * accuracy(tensor([[2, 1], [0, 3], [5, 4]]), tensor([0, 1, 1], { dtype: 'int32' })); // => 2 / 3
 * accuracy(tensor([0.9, 0.2]), tensor([1, 1])); // => 0.5
 */
export function accuracy(
  pred: Tensor,
  target: Tensor,
  { threshold = 0.5 }: { threshold?: number } = {},
): number {
  const p = predictedLabels(pred, target, 'accuracy', threshold);
  const t = targetLabels(target, 'accuracy');
  let correct = 0;
  for (let i = 0; i < t.length; i++) if (p[i] === t[i]) correct++;
  return correct / t.length;
}

/**
 * The fraction of samples whose true class is among the `k` highest scores (a class counts as
 * missed only when `k` or more classes score strictly higher, so ties favour the target).
 * @example
 * topKAccuracy(tensor([[0.1, 0.5, 0.4], [0.6, 0.3, 0.1]]), tensor([2, 2], { dtype: 'int32' }), 2); // => 0.5
 */
export function topKAccuracy(logits: Tensor, target: Tensor, k: number): number {
  const c = logits.shape[logits.ndim - 1] ?? 0;
  if (logits.ndim !== target.ndim + 1 || logits.size !== target.size * c)
    throw new ShapeError(
      `topKAccuracy: logits must be [n, classes] for target [n], got ${formatShape(logits.shape)} and ${formatShape(target.shape)}`,
    );
  if (!Number.isInteger(k) || k < 1)
    throw new ValueError(`topKAccuracy: k must be a positive integer, got ${k}`);
  const scores = logits.data();
  const t = targetLabels(target, 'topKAccuracy');
  let hits = 0;
  t.forEach((label, i) => {
    const own = scores[i * c + label]!;
    let higher = 0;
    let nan = false;
    for (let j = 0; j < c; j++) {
      if (Number.isNaN(scores[i * c + j]!)) nan = true;
      if (scores[i * c + j]! > own) higher++;
    }
    // A row with a NaN score is a miss, as accuracy counts it.
    if (higher < k && !nan) hits++;
  });
  return hits / t.length;
}
