import { square } from '../../ops/square.js';
import { sub } from '../../ops/sub.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, type LossOptions, reduceLoss } from './reduction.js';

/**
 * Mean squared error, (x − y)² per element, then reduced.
 * @example
 * mseLoss(tensor([1, 2]), tensor([0, 0])); // => 2.5
 */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkPair(input, target, 'mseLoss');
  return reduceLoss(square(sub(input, target)), options, 'mseLoss');
}
