import { ShapeError, ValueError } from '../../errors.js';
import { div } from '../../ops/div.js';
import { mul } from '../../ops/mul.js';
import { sum } from '../../ops/sum.js';
import { tensor } from '../../tensor/creation.js';
import { formatShape, shapesEqual } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits.js';
import { checkPair } from './reduction.js';

/** Options of {@link multiLabelLogisticLoss}. */
export interface MultiLabelLogisticLossOptions {
  /** Present labels `[m, tasks]`: 1/true where the label counts, 0/false where it is missing. */
  mask?: Tensor;
  /** A weight ≥ 0 per task `[tasks]`, multiplied into that task's per-label loss (all 1 if absent). */
  taskWeights?: Tensor | readonly number[];
}

/**
 * The course's multi-task loss: logits and 0/1 labels `[m, tasks]`, the logistic loss summed over
 * the tasks whose label is present and averaged over the m examples:
 * (1/m)·Σᵢ Σⱼ present_ij·w_j·L(x_ij, y_ij). A label is missing where it is NaN, or, when `mask` is
 * given, where the mask is 0/false (present where 1/true). `taskWeights` w (default all 1) weighs
 * each task's column, like PyTorch's `BCEWithLogitsLoss(weight=w)` broadcast over the columns; the
 * weights are data, not parameters (no gradient flows into them).
 * @example
 * const logits = tensor([[0, 0], [0, 0]]);
 * const labels = tensor([[1, NaN], [0, 1]]);
 * multiLabelLogisticLoss(logits, labels); // => 1.0397
 * multiLabelLogisticLoss(logits, labels, { taskWeights: [2, 0.5] }); // => 1.5596
 */
export function multiLabelLogisticLoss(
  logits: Tensor,
  targets: Tensor,
  options: MultiLabelLogisticLossOptions = {},
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
  const tasks = logits.shape[1]!;
  const w = taskWeightValues(options.taskWeights, tasks);
  // Labels are data, not parameters: read them once, turning missing ones into 0 with weight 0
  // (0·NaN would still be NaN, so the NaNs must go before the loss sees them).
  const ys = targets.data();
  const keep = mask?.data();
  const weights = new Float64Array(ys.length);
  const labels = new Float64Array(ys.length);
  ys.forEach((y, i) => {
    const counted = keep ? keep[i] !== 0 : !Number.isNaN(y);
    weights[i] = counted ? w[i % tasks]! : 0;
    labels[i] = counted ? y : 0;
  });
  const shape = [...logits.shape];
  const perLabel = binaryCrossEntropyWithLogits(logits, tensor(labels, { dtype: logits.dtype, shape }), {
    reduction: 'none',
  });
  return div(sum(mul(perLabel, tensor(weights, { dtype: logits.dtype, shape }))), logits.shape[0]!);
}

/** The task weights as numbers (all 1 when absent), checked to be `tasks` finite values ≥ 0. */
function taskWeightValues(taskWeights: unknown, tasks: number): Float64Array {
  const op = 'multiLabelLogisticLoss';
  if (taskWeights === undefined) return new Float64Array(tasks).fill(1);
  let values: ArrayLike<number>;
  let got: string;
  if (taskWeights instanceof Tensor) {
    values = taskWeights.data() as ArrayLike<number>;
    got = formatShape(taskWeights.shape);
    if (taskWeights.ndim !== 1)
      throw new ShapeError(`${op}: taskWeights must have shape [${tasks}] (one per task), got ${got}`);
  } else if (Array.isArray(taskWeights)) {
    if (!taskWeights.every((v) => typeof v === 'number'))
      throw new ValueError(
        `${op}: taskWeights must be a Tensor or an array of numbers, got an array with a non-number`,
      );
    values = taskWeights as number[];
    got = `[${taskWeights.length}]`;
  } else {
    throw new ValueError(
      `${op}: taskWeights must be a Tensor or an array of numbers, got ${taskWeights === null ? 'null' : typeof taskWeights}`,
    );
  }
  if (values.length !== tasks)
    throw new ShapeError(`${op}: taskWeights must have shape [${tasks}] (one per task), got ${got}`);
  const out = Float64Array.from(values, Number);
  out.forEach((v, j) => {
    if (!Number.isFinite(v) || v < 0)
      throw new ValueError(`${op}: taskWeights[${j}] must be a finite number ≥ 0, got ${v}`);
  });
  return out;
}
