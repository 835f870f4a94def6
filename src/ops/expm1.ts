import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';

/**
 * eˣ − 1, accurate for small x, elementwise.
 * @example
 * expm1(tensor([1e-10])); // => [1e-10]
 */
export const expm1: (x: Tensor) => Tensor = defineOp({
  name: 'expm1',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'expm1', 'x');
    return runUnary('expm1', x, floatTypeOf(x));
  },
  backward: (dy, { output }) => [mul(dy, add(output, 1))],
});
