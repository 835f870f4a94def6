import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';

/**
 * The sign of x: −1, 0 or 1 (its gradient is 0), elementwise.
 * @example
 * sign(tensor([-3, 0, 2])); // => [-1, 0, 1]
 */
export const sign: (x: Tensor) => Tensor = defineOp({
  name: 'sign',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'sign', 'x');
    return runUnary('sign', x);
  },
  backward: (dy, _ctx) => [mul(dy, 0)],
});
