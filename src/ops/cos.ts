import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { sin } from './sin.js';

/**
 * cos x, elementwise.
 * @example
 * cos(tensor([0])); // => [1]
 */
export const cos: (x: Tensor) => Tensor = defineOp({
  name: 'cos',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'cos', 'x');
    return runUnary('cos', x, floatTypeOf(x));
  },
  backward: (dy, { args: [x] }) => [neg(mul(dy, sin(x)))],
});
