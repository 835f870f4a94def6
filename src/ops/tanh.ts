import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './convert.js';
import { defineOp } from './define-op.js';
import { mul } from './mul.js';
import { runUnary } from './run-kernel.js';
import { square } from './square.js';
import { sub } from './sub.js';

/**
 * The hyperbolic tangent, elementwise.
 * @example
 * tanh(tensor([0])); // => [0]
 */
export const tanh: (x: Tensor) => Tensor = defineOp({
  name: 'tanh',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'tanh', 'x');
    return runUnary('tanh', x, floatTypeOf(x));
  },
  backward: (dy, { output }) => [mul(dy, sub(1, square(output)))],
});
