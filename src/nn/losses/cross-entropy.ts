import { ShapeError, ValueError } from '../../errors.js';
import { add } from '../../ops/add.js';
import { expectTensor } from '../../ops/core/convert.js';
import { div } from '../../ops/div.js';
import { logSoftmax } from '../../ops/log-softmax.js';
import { mul } from '../../ops/mul.js';
import { neg } from '../../ops/neg.js';
import { reshape } from '../../ops/reshape.js';
import { softmaxCrossEntropy } from '../../ops/softmax-cross-entropy.js';
import { sum } from '../../ops/sum.js';
import { tensor } from '../../tensor/creation.js';
import { isFloat } from '../../tensor/dtype.js';
import { formatShape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import {
  type ClassLossOptions,
  checkClassInput,
  checkClassTargets,
  classRows,
  classWeights,
  countClassTargets,
  targetShape,
} from './class-targets.js';
import { weightedNll } from './nll-loss.js';

/** Options of {@link crossEntropy}. */
/**
 * Class indices without weights or smoothing, the common case: one fused softmax–cross-entropy
 * kernel per direction instead of logSoftmax and a weighted sum.
 */
function fusedCrossEntropy(logits: Tensor, target: Tensor, options: ClassLossOptions): Tensor {
  const { ignoreIndex = -100, reduction = 'mean' } = options;
  const ys = checkClassTargets(logits, target, 'crossEntropy');
  const count = countClassTargets(ys, logits.shape[1]!, ignoreIndex, 'crossEntropy');
  const perRow = softmaxCrossEntropy(classRows(logits, 'crossEntropy'), reshape(target, [-1]), ignoreIndex);
  if (reduction === 'none') return reshape(perRow, targetShape(logits));
  if (reduction === 'sum') return sum(perRow);
  // PyTorch's mean over the counted rows: NaN (0/0) when every target is ignored.
  if (reduction === 'mean') return div(sum(perRow), count);
  throw new ValueError(`crossEntropy: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
}

export interface CrossEntropyOptions extends ClassLossOptions {
  /** Mixes the target with the uniform distribution: (1 − ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * Softmax cross-entropy on logits `[N, C]` or `[N, C, d...]` (computed as logSoftmax, so it is
 * stable). Targets are int32 class indices `[N, d...]` (with `ignoreIndex`, class `weight` —
 * then 'mean' is Σ wᵧ·lossᵢ / Σ wᵧ as in PyTorch — and `labelSmoothing`), or float class
 * probabilities of the logits' shape (then 'mean' divides by the number of rows).
 * @example
 * crossEntropy(tensor([[2, 1, 0.1]]), tensor([0], { dtype: 'int32' })); // => 0.4170300
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  checkClassInput(logits, 'crossEntropy');
  expectTensor(target, 'crossEntropy', 'target');
  const { labelSmoothing = 0 } = options;
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
    throw new ValueError(`crossEntropy: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  if (!isFloat(target.dtype) && options.weight === undefined && labelSmoothing === 0) {
    return fusedCrossEntropy(logits, target, options);
  }
  if (!isFloat(target.dtype)) {
    return weightedNll(logSoftmax(logits, 1), target, options, labelSmoothing, 'crossEntropy');
  }
  if (!shapesEqual(target.shape, logits.shape))
    throw new ShapeError(
      `crossEntropy: probability targets must have the logits' shape ${formatShape(logits.shape)}, got ${formatShape(target.shape)}`,
    );
  const logProbs = logSoftmax(classRows(logits, 'crossEntropy'), 1);
  const c = logits.shape[1]!;
  const w = tensor(classWeights(options.weight, c, 'crossEntropy'), { dtype: logProbs.dtype });
  let q = classRows(target, 'crossEntropy');
  if (labelSmoothing > 0) q = add(mul(q, 1 - labelSmoothing), labelSmoothing / c);
  const perRow = neg(sum(mul(mul(logProbs, q), w), 1));
  const { reduction = 'mean' } = options;
  if (reduction === 'none') return reshape(perRow, targetShape(logits));
  if (reduction === 'sum') return sum(perRow);
  if (reduction === 'mean') return div(sum(perRow), perRow.shape[0]!);
  throw new ValueError(`crossEntropy: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
}
