import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './convert.js';
import { defineOp } from './define-op.js';
import { mul } from './mul.js';
import { runUnary } from './run-kernel.js';

/**
 * max(x, 0); its gradient at 0 is 0, as in PyTorch, elementwise.
 * @example
 * relu(tensor([-1, 0, 2])); // [0, 0, 2]
 */
export const relu: (x: Tensor) => Tensor = defineOp({
  name: 'relu',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'relu', 'x');
    return runUnary('relu', x);
  },
  backward: (dy, { args: [x] }) => [mul(dy, runUnary('step', x))],
});
