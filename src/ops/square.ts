import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';

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
