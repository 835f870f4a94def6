import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { div } from './div.js';
import { mul } from './mul.js';

/**
 * √x, elementwise.
 * @example
 * sqrt(tensor([4, 9])); // => [2, 3]
 */
export const sqrt: (x: Tensor) => Tensor = defineOp({
  name: 'sqrt',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'sqrt', 'x');
    return runUnary('sqrt', x, floatTypeOf(x));
  },
  backward: (dy, { output }) => [div(dy, mul(output, 2))],
});
