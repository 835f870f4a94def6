import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';

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
