import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';

/**
 * eˣ, elementwise.
 * @example
 * exp(tensor([0, 1])); // => [1, 2.7183]
 */
export const exp: (x: Tensor) => Tensor = defineOp({
  name: 'exp',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'exp', 'x');
    return runUnary('exp', x, floatTypeOf(x));
  },
  backward: (dy, { output }) => [mul(dy, output)],
});
