import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './convert.js';
import { defineOp } from './define-op.js';
import { mul } from './mul.js';
import { runUnary } from './run-kernel.js';

/**
 * x², elementwise.
 * @example
 * square(tensor([3, -2])); // => [9, 4]
 */
export const square: (x: Tensor) => Tensor = defineOp({
  name: 'square',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'square', 'x');
    return runUnary('square', x);
  },
  backward: (dy, { args: [x] }) => [mul(dy, mul(x, 2))],
});
