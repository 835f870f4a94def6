import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './convert.js';
import { defineOp } from './define-op.js';
import { mul } from './mul.js';
import { runUnary } from './run-kernel.js';

/**
 * The smallest integer ≥ x (its gradient is 0), elementwise.
 * @example
 * ceil(tensor([1.5, -1.5])); // => [2, -1]
 */
export const ceil: (x: Tensor) => Tensor = defineOp({
  name: 'ceil',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'ceil', 'x');
    return runUnary('ceil', x);
  },
  backward: (dy, _ctx) => [mul(dy, 0)],
});
