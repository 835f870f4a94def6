import {
  add,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  DTypeError,
  mean,
  mul,
  ShapeError,
  square,
  sub,
  sum,
  type Tensor,
  ValueError,
} from '../../index.js';

/**
 * The two forms of the course's localization loss (NOTE(presence-loss)):
 * - 'squared': the lecture's definition. With y = [p_c, …], the loss of one example is
 *   Σᵢ (ŷᵢ − yᵢ)² over every term when p_c = 1, and (ŷ₁ − y₁)² alone when p_c = 0.
 * - 'mixed': what the lecture says is done in practice: logistic loss on the p_c logit,
 *   squared error on the coordinates, softmax cross-entropy on the class logits; the last two
 *   only when p_c = 1.
 */
export type PresenceLossForm = 'squared' | 'mixed';

export interface PresenceLossOptions {
  /** 'squared' (the course's definition, the default) or 'mixed' (its "in practice" form); see {@link PresenceLossForm}. */
  form?: PresenceLossForm;
  /**
   * A weight λ on the coordinates' squared errors (default 1, the course's loss); like YOLO's
   * λcoord = 5, a larger one makes the box (or landmarks) count as much as p_c and the class.
   */
  coordWeight?: number;
}

/**
 * The loss shared by {@link localizationLoss} and {@link landmarkLoss}: rows of `output` and
 * `target` [N, 1 + coords + classes] hold p_c, then `coords` coordinates, then `classes` class
 * scores (one-hot in the target). Averaged over the N examples.
 * @example
 * presenceLoss(tensor([[0.5, 0.2]]), tensor([[1, 0.5]]), 1, 0, {}, 'landmarkLoss').item(); // => 0.34
 */
export function presenceLoss(
  output: Tensor,
  target: Tensor,
  coords: number,
  classes: number,
  options: PresenceLossOptions,
  op: string,
): Tensor {
  const { form = 'squared', coordWeight = 1 } = options;
  const width = 1 + coords + classes;
  for (const [name, t] of [
    ['output', output],
    ['target', target],
  ] as const) {
    if (t === null || typeof t !== 'object' || !('shape' in t))
      throw new DTypeError(`${op}: ${name} must be a tensor, got ${typeof t}`);
    if (t.dtype !== 'float32' && t.dtype !== 'float64')
      throw new DTypeError(`${op}: ${name} must be float32 or float64, got ${t.dtype}`);
    if (t.ndim !== 2 || t.shape[1] !== width)
      throw new ShapeError(`${op}: ${name} must be [N, ${width}], got [${t.shape.join(', ')}]`);
  }
  if (output.shape[0] !== target.shape[0])
    throw new ShapeError(`${op}: output has ${output.shape[0]} rows, target ${target.shape[0]}`);
  if (form !== 'squared' && form !== 'mixed')
    throw new ValueError(`${op}: form must be 'squared' or 'mixed', got '${String(form)}'`);
  if (!(coordWeight >= 0))
    throw new ValueError(`${op}: coordWeight must be non-negative, got ${coordWeight}`);
  const target_ = target.cast(output.dtype);
  const present = target_.select(1, 0);
  const p = output.select(1, 0);
  const squaredError = (at: number, n: number) =>
    sum(square(sub(output.narrow(1, at, n), target_.narrow(1, at, n))), 1);
  let detail = mul(squaredError(1, coords), coordWeight);
  if (form === 'squared') {
    if (classes > 0) detail = add(detail, squaredError(1 + coords, classes));
    return mean(add(square(sub(p, present)), mul(present, detail)));
  }
  const objectness = binaryCrossEntropyWithLogits(p, present, { reduction: 'none' });
  if (classes > 0) {
    // A one-hot row is a probability target; rows without an object are all zeros and weigh 0.
    const ce = crossEntropy(output.narrow(1, 1 + coords, classes), target_.narrow(1, 1 + coords, classes), {
      reduction: 'none',
    });
    detail = add(detail, ce);
  }
  return mean(add(objectness, mul(present, detail)));
}
