import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { div } from './div.js';

/**
 * The natural logarithm (log 0 = −∞, log of a negative = NaN), elementwise.
 * @example
 * log(tensor([1, Math.E])); // => [0, 1]
 */
export const log: (x: Tensor) => Tensor = defineOp({
  name: 'log',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'log', 'x');
    return runUnary('log', x, floatTypeOf(x));
  },
  backward: (dy, { args: [x] }) => [div(dy, x)],
});
