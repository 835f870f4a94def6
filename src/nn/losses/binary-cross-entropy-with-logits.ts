import { abs } from '../../ops/abs.js';
import { add } from '../../ops/add.js';
import { expectTensor } from '../../ops/core/convert.js';
import { exp } from '../../ops/exp.js';
import { log1p } from '../../ops/log1p.js';
import { mul } from '../../ops/mul.js';
import { neg } from '../../ops/neg.js';
import { relu } from '../../ops/relu.js';
import { sub } from '../../ops/sub.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, type LossOptions, reduceLoss } from './reduction.js';

/**
 * Binary cross-entropy on logits x, the stable form of BCE(sigmoid(x), y):
 * max(x, 0) − x·y + log(1 + e^−|x|), finite for any x (no exp of a large positive number).
 * With `posWeight` (broadcast over the last axis, one per class) positives weigh more:
 * (1 − y)·x + (1 + (posWeight − 1)·y)·softplus(−x).
 * @example
 * binaryCrossEntropyWithLogits(tensor([0]), tensor([1])); // log 2 = 0.6931
 * binaryCrossEntropyWithLogits(tensor([120]), tensor([0])); // 120, not Infinity
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: LossOptions & { posWeight?: Tensor } = {},
): Tensor {
  checkPair(input, target, 'binaryCrossEntropyWithLogits');
  // log(1 + e^−|x|) never overflows; max(−x, 0) + it is softplus(−x) = −log σ(x).
  const tail = log1p(exp(neg(abs(input))));
  let loss: Tensor;
  if (options.posWeight === undefined) {
    loss = add(sub(relu(input), mul(input, target)), tail);
  } else {
    expectTensor(options.posWeight, 'binaryCrossEntropyWithLogits', 'posWeight');
    const softplusNeg = add(relu(neg(input)), tail);
    const scale = add(1, mul(sub(options.posWeight, 1), target));
    loss = add(mul(sub(1, target), input), mul(scale, softplusNeg));
  }
  return reduceLoss(loss, options, 'binaryCrossEntropyWithLogits');
}
