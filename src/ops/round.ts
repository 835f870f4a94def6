import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './convert.js';
import { defineOp } from './define-op.js';
import { mul } from './mul.js';
import { runUnary } from './run-kernel.js';

/**
 * x rounded to the nearest integer, halves to even as in PyTorch (its gradient is 0), elementwise.
 * @example
 * round(tensor([0.5, 1.5, 2.4])); // => [0, 2, 2]
 */
export const round: (x: Tensor) => Tensor = defineOp({
  name: 'round',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'round', 'x');
    return runUnary('round', x);
  },
  backward: (dy, _ctx) => [mul(dy, 0)],
});
