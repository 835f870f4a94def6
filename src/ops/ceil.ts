import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';

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
