import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './convert.js';
import { defineOp } from './define-op.js';
import { runUnary } from './run-kernel.js';

/**
 * −x, elementwise.
 * @example
 * neg(tensor([1, -2])); // => [-1, 2]
 */
export const neg: (x: Tensor) => Tensor = defineOp({
  name: 'neg',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'neg', 'x');
    return runUnary('neg', x);
  },
  backward: (dy, _ctx) => [neg(dy)],
});
