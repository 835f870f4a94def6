import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { div } from './div.js';

/**
 * log(1 + x), accurate for small x, elementwise.
 * @example
 * log1p(tensor([1e-10])); // => [1e-10]
 */
export const log1p: (x: Tensor) => Tensor = defineOp({
  name: 'log1p',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'log1p', 'x');
    return runUnary('log1p', x, floatTypeOf(x));
  },
  backward: (dy, { args: [x] }) => [div(dy, add(x, 1))],
});
