import { abs } from '../../ops/abs.js';
import { add } from '../../ops/add.js';
import { expectTensor } from '../../ops/core/convert.js';
import { defineOp } from '../../ops/core/define-op.js';
import { exp } from '../../ops/exp.js';
import { log1p } from '../../ops/log1p.js';
import { mul } from '../../ops/mul.js';
import { neg } from '../../ops/neg.js';
import { relu } from '../../ops/relu.js';
import { sigmoid } from '../../ops/sigmoid.js';
import { sub } from '../../ops/sub.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, type LossOptions, reduceLoss } from './reduction.js';

/**
 * Binary cross-entropy on logits x, the stable form of BCE(sigmoid(x), y):
 * max(x, 0) − x·y + log(1 + e^−|x|), finite for any x (no exp of a large positive number).
 * With `posWeight` (broadcast over the last axis, one per class) positives weigh more:
 * (1 − y)·x + (1 + (posWeight − 1)·y)·softplus(−x).
 * @example
 * binaryCrossEntropyWithLogits(tensor([0]), tensor([1])); // => 0.6931
 * binaryCrossEntropyWithLogits(tensor([120]), tensor([0])); // => 120
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: LossOptions & { posWeight?: Tensor } = {},
): Tensor {
  checkPair(input, target, 'binaryCrossEntropyWithLogits');
  if (options.posWeight !== undefined)
    expectTensor(options.posWeight, 'binaryCrossEntropyWithLogits', 'posWeight');
  const loss =
    options.posWeight === undefined ? logitLoss(input, target) : logitLoss(input, target, options.posWeight);
  return reduceLoss(loss, options, 'binaryCrossEntropyWithLogits');
}

/** softplus(−x) = −log σ(x) = max(−x, 0) + log(1 + e^−|x|): never exponentiates a large number. */
function softplusNeg(x: Tensor): Tensor {
  return add(relu(neg(x)), log1p(exp(neg(abs(x)))));
}

// The elementwise loss (1 − y)·x + s·softplus(−x) with s = 1 + (posWeight − 1)·y, as one op with
// its own backward: d/dx = (1 − y) − s·σ(−x), which is σ(x) − y without posWeight, and 0.5 − y at
// x = 0 (the composite's relu and |x| have zero slope there, which gave −y). d/dy = −x +
// (posWeight − 1)·softplus(−x). Like PyTorch, posWeight gets no gradient.
const logitLoss: (x: Tensor, y: Tensor, posWeight?: Tensor) => Tensor = defineOp({
  name: 'binaryCrossEntropyWithLogits',
  forward: (x: Tensor, y: Tensor, posWeight?: Tensor) =>
    add(mul(sub(1, y), x), mul(scaleOf(y, posWeight), softplusNeg(x))),
  backward: (dy, { args: [x, y, posWeight], needsInputGrad: [needX, needY] }) => [
    needX ? mul(dy, sub(sub(1, y), mul(scaleOf(y, posWeight), sigmoid(neg(x))))) : null,
    needY
      ? mul(dy, posWeight === undefined ? neg(x) : add(neg(x), mul(sub(posWeight, 1), softplusNeg(x))))
      : null,
    null,
  ],
});

function scaleOf(y: Tensor, posWeight: Tensor | undefined): Tensor | number {
  return posWeight === undefined ? 1 : add(1, mul(sub(posWeight, 1), y));
}
