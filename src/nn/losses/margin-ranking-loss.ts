import { ValueError } from '../../errors.js';
import { add } from '../../ops/add.js';
import { clamp } from '../../ops/clamp.js';
import { mul } from '../../ops/mul.js';
import { neg } from '../../ops/neg.js';
import { sub } from '../../ops/sub.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, type Reduction, reduceLoss } from './reduction.js';

/**
 * The ranking loss max(0, −y·(x1 − x2) + margin): y = 1 asks x1 to rank above x2 by the margin,
 * y = −1 the reverse. As PyTorch's `margin_ranking_loss`.
 * @example
 * const x1 = tensor([2, 1]);
 * const x2 = tensor([1, 1]);
 * marginRankingLoss(x1, x2, tensor([1, -1]), { margin: 0.5 }); // mean(0, 0.5) = 0.25
 */
export function marginRankingLoss(
  x1: Tensor,
  x2: Tensor,
  target: Tensor,
  options: { margin?: number; reduction?: Reduction } = {},
): Tensor {
  checkPair(x1, x2, 'marginRankingLoss');
  checkPair(x1, target, 'marginRankingLoss');
  const { margin = 0 } = options;
  if (!Number.isFinite(margin))
    throw new ValueError(`marginRankingLoss: margin must be a finite number, got ${margin}`);
  const y = target.cast(x1.dtype);
  return reduceLoss(clamp(add(neg(mul(y, sub(x1, x2))), margin), 0), options, 'marginRankingLoss');
}
