import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';

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
