import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { expectFloat, expectTensor } from '../../ops/core/convert.js';
import { permute } from '../../ops/permute.js';
import { reshape } from '../../ops/reshape.js';
import { formatShape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Options of the class-index losses (nllLoss, crossEntropy). */
export interface ClassLossOptions {
  reduction?: 'mean' | 'sum' | 'none';
  /** A weight per class `[C]`; 'mean' then divides by the summed weights of the targets. */
  weight?: Tensor;
  /** Targets equal to this index add nothing and do not count in the mean (default −100). */
  ignoreIndex?: number;
}

/**
 * `[N, C, d...]` scores as `[N·d..., C]` rows (the class axis moved last), so every loss below
 * works on plain rows. `[N, C]` passes through unchanged.
 * @example
 * classRows(zeros([2, 3, 4]), 'crossEntropy').shape; // => [8, 3]
 */
export function classRows(x: Tensor, op: string): Tensor {
  checkClassInput(x, op);
  if (x.ndim === 2) return x;
  const axes = [0, ...Array.from({ length: x.ndim - 2 }, (_, i) => i + 2), 1];
  return reshape(permute(x, axes), [-1, x.shape[1]!]);
}

/**
 * Checks scores `[N, C, d...]`: a float tensor of rank 2 or more.
 * @example
 * checkClassInput(zeros([4, 3]), 'crossEntropy'); // passes
 */
export function checkClassInput(x: Tensor, op: string): void {
  expectTensor(x, op, 'input');
  expectFloat(x, op, 'input');
  if (x.ndim < 2)
    throw new ShapeError(`${op}: input must be [batch, classes, ...], got ${formatShape(x.shape)}`);
}

/**
 * The shape a per-row loss takes back under reduction 'none': the input's shape without the class axis.
 * @example
 * targetShape(zeros([2, 5, 7])); // => [2, 7]
 */
export function targetShape(input: Tensor): number[] {
  return [input.shape[0]!, ...input.shape.slice(2)];
}

/**
 * The class-index targets of a `[batch, classes, ...]` input as int32 values, after checking
 * their dtype and that their shape is the input's without the class axis.
 * @example
 * checkClassTargets(zeros([2, 3]), tensor([0, 2], { dtype: 'int32' }), 'nllLoss'); // => [0, 2]
 */
export function checkClassTargets(input: Tensor, target: Tensor, op: string): Int32Array {
  expectTensor(target, op, 'target');
  if (target.dtype !== 'int32')
    throw new DTypeError(`${op}: class targets must be int32, got ${target.dtype}`);
  if (!shapesEqual(target.shape, targetShape(input)))
    throw new ShapeError(
      `${op}: target shape ${formatShape(target.shape)} must be ${formatShape(targetShape(input))} for input ${formatShape(input.shape)}`,
    );
  return target.data() as Int32Array;
}

/**
 * The number of targets that count in a mean (those not equal to `ignoreIndex`), after checking
 * each is a class index in `[0, classes)`.
 * @example
 * countClassTargets(Int32Array.of(2, -100, 0), 3, -100, 'nllLoss'); // => 2
 */
export function countClassTargets(ys: Int32Array, classes: number, ignoreIndex: number, op: string): number {
  let count = 0;
  for (const y of ys) {
    if (y === ignoreIndex) continue;
    if (y < 0 || y >= classes)
      throw new ValueError(`${op}: target ${y} is out of range for ${classes} classes`);
    count++;
  }
  return count;
}

/**
 * The weights that turn log-probability rows into a class-index loss: loss_i = −Σ_c q_ic·logp_ic.
 * q puts (1 − ε)·w_y on the target class and ε/C·w_c on every class (label smoothing ε), zero
 * rows for ignored targets; `denominator` is Σ w_y over counted rows, PyTorch's weighted mean.
 * @example
 * const logits = tensor([[2, 0, 1]]);
 * classTargetWeights(logits, tensor([0], { dtype: 'int32' }), {}, 0, 'crossEntropy'); // => { q: [1, 0, 0], denominator: 1 }
 */
export function classTargetWeights(
  input: Tensor,
  target: Tensor,
  options: ClassLossOptions,
  smoothing: number,
  op: string,
): { q: Float64Array; denominator: number } {
  const c = input.shape[1]!;
  const { weight, ignoreIndex = -100 } = options;
  const ys = checkClassTargets(input, target, op);
  const w = classWeights(weight, c, op);
  const q = new Float64Array(ys.length * c);
  let denominator = 0;
  ys.forEach((y, i) => {
    if (y === ignoreIndex) return;
    if (y < 0 || y >= c) throw new ValueError(`${op}: target ${y} is out of range for ${c} classes`);
    denominator += w[y]!;
    q[i * c + y]! += (1 - smoothing) * w[y]!;
    if (smoothing > 0) for (let k = 0; k < c; k++) q[i * c + k]! += (smoothing / c) * w[k]!;
  });
  return { q, denominator };
}

/**
 * The class weights as numbers (all 1 when none are given), checked to be `[C]`.
 * @example
 * classWeights(undefined, 3, 'nllLoss'); // => [1, 1, 1]
 */
export function classWeights(weight: Tensor | undefined, c: number, op: string): Float64Array {
  if (weight === undefined) return new Float64Array(c).fill(1);
  expectTensor(weight, op, 'weight');
  if (!shapesEqual(weight.shape, [c]))
    throw new ShapeError(
      `${op}: weight must have shape [${c}] (one per class), got ${formatShape(weight.shape)}`,
    );
  return Float64Array.from(weight.data());
}
