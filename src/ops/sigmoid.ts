import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

/**
 * The logistic function 1/(1 + e⁻ˣ), stable for large |x|, elementwise.
 * @example
 * sigmoid(tensor([0])); // => [0.5]
 */
export const sigmoid: (x: Tensor) => Tensor = defineOp({
  name: 'sigmoid',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'sigmoid', 'x');
    return runUnary('sigmoid', x, floatTypeOf(x));
  },
  backward: (dy, { output }) => [mul(dy, mul(output, sub(1, output)))],
});
