import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { cos } from './cos.js';
import { mul } from './mul.js';

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
