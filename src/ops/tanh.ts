import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';
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
