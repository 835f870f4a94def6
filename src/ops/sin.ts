import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './convert.js';
import { cos } from './cos.js';
import { defineOp } from './define-op.js';
import { mul } from './mul.js';
import { runUnary } from './run-kernel.js';

/**
 * sin x, elementwise.
 * @example
 * sin(tensor([0])); // => [0]
 */
export const sin: (x: Tensor) => Tensor = defineOp({
  name: 'sin',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'sin', 'x');
    return runUnary('sin', x, floatTypeOf(x));
  },
  backward: (dy, { args: [x] }) => [mul(dy, cos(x))],
});
