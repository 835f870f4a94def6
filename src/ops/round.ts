import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';

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
