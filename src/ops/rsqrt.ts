import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { div } from './div.js';
import { mul } from './mul.js';

/**
 * 1/√x, elementwise.
 * @example
 * rsqrt(tensor([4])); // => [0.5]
 */
export const rsqrt: (x: Tensor) => Tensor = defineOp({
  name: 'rsqrt',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'rsqrt', 'x');
    return runUnary('rsqrt', x, floatTypeOf(x));
  },
  backward: (dy, { args: [x], output }) => [mul(dy, mul(div(output, x), -0.5))],
});
