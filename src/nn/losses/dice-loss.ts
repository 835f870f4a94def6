import { ShapeError, ValueError } from '../../errors.js';
import { add } from '../../ops/add.js';
import { expectTensor } from '../../ops/core/convert.js';
import { div } from '../../ops/div.js';
import { mean } from '../../ops/mean.js';
import { mul } from '../../ops/mul.js';
import { softmax } from '../../ops/softmax.js';
import { sub } from '../../ops/sub.js';
import { sum } from '../../ops/sum.js';
import { tensor } from '../../tensor/creation.js';
import { isFloat } from '../../tensor/dtype.js';
import { formatShape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkClassInput, checkClassTargets, countClassTargets } from './class-targets.js';
import type { Reduction } from './reduction.js';

/** Options of {@link diceLoss}. */
export interface DiceLossOptions {
  /** Added to the numerator and denominator of every class's Dice (default 1); must be > 0. */
  smooth?: number;
  /** 'mean' (default) over the classes, 'sum', or 'none': the loss of every class `[C]`. */
  reduction?: Reduction;
}

/**
 * The targets laid out as the logits `[N, C, d...]`: one-hot planes from class indices `[N, d...]`,
 * or the given probabilities.
 */
function targetPlanes(logits: Tensor, target: Tensor): Tensor {
  if (isFloat(target.dtype)) {
    if (!shapesEqual(target.shape, logits.shape))
      throw new ShapeError(
        `diceLoss: probability targets must have the logits' shape ${formatShape(logits.shape)}, got ${formatShape(target.shape)}`,
      );
    return target;
  }
  const c = logits.shape[1]!;
  const ys = checkClassTargets(logits, target, 'diceLoss');
  // ignoreIndex −1 can never match a class, so every target is range-checked.
  countClassTargets(ys, c, -1, 'diceLoss');
  const inner = ys.length / Math.max(logits.shape[0]!, 1);
  const planes = new Float64Array(ys.length * c);
  ys.forEach((y, i) => {
    const [b, at] = [Math.floor(i / inner), i % inner];
    planes[(b * c + y) * inner + at] = 1;
  });
  return tensor(planes, { shape: [...logits.shape], dtype: logits.dtype });
}

/**
 * Multi-class soft Dice loss on logits `[N, C, d...]` (e.g. `[N, C, H, W]`): with p = softmax over
 * the classes and t the one-hot targets (int32 class indices `[N, d...]`, or float probabilities
 * of the logits' shape), every class c gets
 * `1 − (2·Σ p_c·t_c + smooth) / (Σ p_c + Σ t_c + smooth)`, the sums running over the whole batch
 * and every position ("batch Dice"), then the classes are averaged. `smooth` keeps a class absent
 * from both prediction and target at loss 0 and the gradient finite. Often added to cross-entropy
 * for segmentation, where it weighs small classes as much as large ones.
 * @see https://arxiv.org/abs/1606.04797
 * @example
 * const logits = tensor([[[[4, -4]], [[-4, 4]]]]); // [1, 2, 1, 2]: pixel 0 says class 0, pixel 1 class 1
 * diceLoss(logits, tensor([[[0, 1]]], { dtype: 'int32' })).item(); // => 0.0002236
 */
export function diceLoss(logits: Tensor, target: Tensor, options: DiceLossOptions = {}): Tensor {
  checkClassInput(logits, 'diceLoss');
  expectTensor(target, 'diceLoss', 'target');
  const { smooth = 1, reduction = 'mean' } = options;
  if (!(smooth > 0 && Number.isFinite(smooth)))
    throw new ValueError(`diceLoss: smooth must be a positive finite number, got ${smooth}`);
  const t = targetPlanes(logits, target);
  const p = softmax(logits, 1);
  // Sums over every axis but the classes'; the class axis stays in place (no transposed copy).
  const axes = [0, ...Array.from({ length: logits.ndim - 2 }, (_, i) => i + 2)];
  const overlap = sum(mul(p, t), axes);
  const total = add(sum(p, axes), sum(t, axes));
  const perClass = sub(1, div(add(mul(overlap, 2), smooth), add(total, smooth)));
  if (reduction === 'none') return perClass;
  if (reduction === 'sum') return sum(perClass);
  if (reduction === 'mean') return mean(perClass);
  throw new ValueError(`diceLoss: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
}
