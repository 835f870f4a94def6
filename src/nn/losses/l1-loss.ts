import { abs } from '../../ops/abs.js';
import { sub } from '../../ops/sub.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, type LossOptions, reduceLoss } from './reduction.js';

/**
 * Mean absolute error, |x − y| per element, then reduced.
 * @example
 * l1Loss(tensor([1, -2]), tensor([0, 0])); // => 1.5
 */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkPair(input, target, 'l1Loss');
  return reduceLoss(abs(sub(input, target)), options, 'l1Loss');
}
