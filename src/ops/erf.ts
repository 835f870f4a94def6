import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { exp } from './exp.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { square } from './square.js';

/**
 * The error function, elementwise.
 * @example
 * erf(tensor([0.5])); // => [0.5205]
 */
export const erf: (x: Tensor) => Tensor = defineOp({
  name: 'erf',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'erf', 'x');
    return runUnary('erf', x, floatTypeOf(x));
  },
  backward: (dy, { args: [x] }) => [mul(dy, mul(exp(neg(square(x))), 1.1283791670955126))],
});
