import type { Tensor } from '../tensor/tensor.js';
import { gt } from './compare.js';
import { checkFiniteNumber } from './core/check-number.js';
import { expectTensor } from './core/convert.js';
import { mul } from './mul.js';
import { where } from './where.js';

/**
 * x for x > 0, slope·x otherwise (the gradient at 0 is `slope`, as in PyTorch), elementwise.
 * @example
 * leakyRelu(tensor([-2, 3]), 0.1); // => [-0.2, 3]
 */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  expectTensor(x, 'leakyRelu', 'x');
  checkFiniteNumber(slope, 'leakyRelu', 'slope');
  return where(gt(x, 0), x, mul(x, slope));
}
