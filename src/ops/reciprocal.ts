import type { Tensor } from '../tensor/tensor.js';
import { expectTensor, floatTypeOf } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { square } from './square.js';

/**
 * 1/x, elementwise.
 * @example
 * reciprocal(tensor([2, 4])); // => [0.5, 0.25]
 */
export const reciprocal: (x: Tensor) => Tensor = defineOp({
  name: 'reciprocal',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'reciprocal', 'x');
    return runUnary('reciprocal', x, floatTypeOf(x));
  },
  backward: (dy, { output }) => [neg(mul(dy, square(output)))],
});
