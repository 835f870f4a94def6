import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './convert.js';
import { defineOp } from './define-op.js';
import { mul } from './mul.js';
import { runUnary } from './run-kernel.js';

/**
 * The largest integer ≤ x (its gradient is 0), elementwise.
 * @example
 * floor(tensor([1.5, -1.5])); // => [1, -2]
 */
export const floor: (x: Tensor) => Tensor = defineOp({
  name: 'floor',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'floor', 'x');
    return runUnary('floor', x);
  },
  backward: (dy, _ctx) => [mul(dy, 0)],
});
