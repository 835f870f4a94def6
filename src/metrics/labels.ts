import { ShapeError, ValueError } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Class labels from predictions, for metrics: scores `[..., C]` with C > 1 give the argmax over
 * the last axis (ties pick the first); a row holding NaN gives {@link NO_LABEL}, which no
 * target equals; one float score per sample (`[n]` or `[n, 1]`) gives
 * `score ≥ threshold` (probabilities: 0.5; logits: pass 0); integer predictions are labels already.
 * @example
 * predictedLabels(tensor([[0.1, 0.9], [0.8, 0.2]]), tensor([1, 0], { dtype: 'int32' }), 'accuracy'); // => [1, 0]
 */
export function predictedLabels(pred: Tensor, target: Tensor, op: string, threshold = 0.5): number[] {
  const n = target.size;
  const data = pred.data();
  if (isFloat(pred.dtype) && pred.ndim === target.ndim + 1 && pred.shape[pred.ndim - 1]! > 1) {
    const c = pred.shape[pred.ndim - 1]!;
    checkCount(pred.size / c, n, pred, target, op);
    return Array.from({ length: n }, (_, i) => argmaxRow(data, i * c, c));
  }
  checkCount(pred.size, n, pred, target, op);
  if (isFloat(pred.dtype))
    return Array.from(data, (p) => (Number.isNaN(p) ? NO_LABEL : p >= threshold ? 1 : 0));
  return Array.from(data, Number);
}

/**
 * The target's labels as integers (float targets such as 0./1. are accepted when whole).
 * @example
 * targetLabels(tensor([0, 1, 1]), 'accuracy'); // => [0, 1, 1]
 */
export function targetLabels(target: Tensor, op: string): number[] {
  const labels = Array.from(target.data(), Number);
  const bad = labels.find((v) => !Number.isInteger(v));
  if (bad !== undefined) throw new ValueError(`${op}: target must hold class labels, got ${bad}`);
  return labels;
}

/** The label of a prediction with a NaN score: it matches no class, so it is never counted correct. */
export const NO_LABEL = -1;

function argmaxRow(data: ArrayLike<number>, start: number, length: number): number {
  let best = 0;
  for (let j = 0; j < length; j++) {
    if (Number.isNaN(data[start + j]!)) return NO_LABEL;
    if (data[start + j]! > data[start + best]!) best = j;
  }
  return best;
}

function checkCount(count: number, n: number, pred: Tensor, target: Tensor, op: string): void {
  if (count !== n)
    throw new ShapeError(
      `${op}: pred has shape ${formatShape(pred.shape)}, which does not give one prediction per target of shape ${formatShape(target.shape)}`,
    );
}
