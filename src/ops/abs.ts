import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './convert.js';
import { defineOp } from './define-op.js';
import { mul } from './mul.js';
import { runUnary } from './run-kernel.js';
import { sign } from './sign.js';

/**
 * |x|, elementwise.
 * @example
 * abs(tensor([-1, 2])); // => [1, 2]
 */
export const abs: (x: Tensor) => Tensor = defineOp({
  name: 'abs',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'abs', 'x');
    return runUnary('abs', x);
  },
  backward: (dy, { args: [x] }) => [mul(dy, sign(x))],
});
