import { ValueError } from '../../errors.js';
import { add } from '../../ops/add.js';
import { gt, lt } from '../../ops/compare.js';
import { log } from '../../ops/log.js';
import { mul } from '../../ops/mul.js';
import { neg } from '../../ops/neg.js';
import { sub } from '../../ops/sub.js';
import { where } from '../../ops/where.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, type LossOptions, reduceLoss } from './reduction.js';

/**
 * log(p) clamped to ≥ −100, as PyTorch's BCE does, so p = 0 or 1 gives a finite loss. Zeros are
 * routed around the log (log of 1 instead) so their gradient is 0, not NaN.
 */
function clampedLog(p: Tensor): Tensor {
  const positive = gt(p, 0);
  const l = where(positive, log(where(positive, p, 1)), -100);
  return where(lt(l, -100), -100, l);
}

/**
 * Binary cross-entropy on probabilities p ∈ [0, 1]: −[y·log p + (1 − y)·log(1 − p)], logs clamped
 * to ≥ −100. Prefer {@link binaryCrossEntropyWithLogits} on logits: it is stable.
 * @example
 * binaryCrossEntropy(tensor([0.8]), tensor([1])); // => 0.2231
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkPair(input, target, 'binaryCrossEntropy');
  for (const p of input.data()) {
    if (!(p >= 0 && p <= 1))
      throw new ValueError(`binaryCrossEntropy: input must hold probabilities in [0, 1], got ${p}`);
  }
  const loss = neg(add(mul(target, clampedLog(input)), mul(sub(1, target), clampedLog(sub(1, input)))));
  return reduceLoss(loss, options, 'binaryCrossEntropy');
}
