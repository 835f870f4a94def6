import { ShapeError } from '../../errors.js';
import { div } from '../../ops/div.js';
import { mul } from '../../ops/mul.js';
import { sum } from '../../ops/sum.js';
import { tensor } from '../../tensor/creation.js';
import { formatShape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits.js';
import { checkPair } from './reduction.js';

/**
 * The course's multi-task loss: logits and 0/1 labels `[m, tasks]`, the logistic loss summed over
 * the tasks whose label is present and averaged over the m examples:
 * (1/m)·Σᵢ Σⱼ present_ij·L(x_ij, y_ij). A label is missing where it is NaN, or, when `mask` is
 * given, where the mask is 0/false (present where 1/true).
 * @example
 * multiLabelLogisticLoss(tensor([[0, 0]]), tensor([[1, NaN]])); // => 0.6931
 */
export function multiLabelLogisticLoss(
  logits: Tensor,
  targets: Tensor,
  options: { mask?: Tensor } = {},
): Tensor {
  checkPair(logits, targets, 'multiLabelLogisticLoss');
  if (logits.ndim !== 2)
    throw new ShapeError(
      `multiLabelLogisticLoss: expected logits [examples, tasks], got ${formatShape(logits.shape)}`,
    );
  const { mask } = options;
  if (mask !== undefined && !shapesEqual(mask.shape, logits.shape))
    throw new ShapeError(
      `multiLabelLogisticLoss: mask shape ${formatShape(mask.shape)} must equal logits shape ${formatShape(logits.shape)}`,
    );
  // Labels are data, not parameters: read them once, turning missing ones into 0 with weight 0
  // (0·NaN would still be NaN, so the NaNs must go before the loss sees them).
  const ys = targets.data();
  const keep = mask?.data();
  const present = new Float64Array(ys.length);
  const labels = new Float64Array(ys.length);
  ys.forEach((y, i) => {
    const counted = keep ? keep[i] !== 0 : !Number.isNaN(y);
    present[i] = counted ? 1 : 0;
    labels[i] = counted ? y : 0;
  });
  const shape = [...logits.shape];
  const perLabel = binaryCrossEntropyWithLogits(logits, tensor(labels, { dtype: logits.dtype, shape }), {
    reduction: 'none',
  });
  return div(sum(mul(perLabel, tensor(present, { dtype: logits.dtype, shape }))), logits.shape[0]!);
}
