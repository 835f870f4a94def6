import { ValueError } from '../../errors.js';
import { abs } from '../../ops/abs.js';
import { le } from '../../ops/compare.js';
import { mul } from '../../ops/mul.js';
import { square } from '../../ops/square.js';
import { sub } from '../../ops/sub.js';
import { where } from '../../ops/where.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, type LossOptions, reduceLoss } from './reduction.js';

/**
 * Huber loss: ½d² where |d| ≤ δ, else δ(|d| − ½δ), with d = x − y: quadratic near the target,
 * linear (robust to outliers) far from it.
 * @see https://en.wikipedia.org/wiki/Huber_loss
 * @example
 * huberLoss(tensor([0.5, 3]), tensor([0, 0])); // => 1.3125
 */
export function huberLoss(
  input: Tensor,
  target: Tensor,
  options: LossOptions & { delta?: number } = {},
): Tensor {
  checkPair(input, target, 'huberLoss');
  const { delta = 1 } = options;
  if (!(delta > 0)) throw new ValueError(`huberLoss: delta must be positive, got ${delta}`);
  const d = sub(input, target);
  const a = abs(d);
  const loss = where(le(a, delta), mul(square(d), 0.5), mul(sub(a, 0.5 * delta), delta));
  return reduceLoss(loss, options, 'huberLoss');
}
