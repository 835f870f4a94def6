import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';
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
