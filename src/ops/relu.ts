import { isGradEnabled } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runBinary, runUnary } from './core/run-kernel.js';
import { mul } from './mul.js';

/**
 * max(x, 0); its gradient at 0 is 0, as in PyTorch, elementwise.
 * @example
 * relu(tensor([-1, 0, 2])); // => [0, 0, 2]
 */
export const relu: (x: Tensor) => Tensor = defineOp({
  name: 'relu',
  forward: (x: Tensor): Tensor => {
    expectTensor(x, 'relu', 'x');
    return runUnary('relu', x);
  },
  // One pass without the step mask, unless the backward is recorded (then it must stay ops).
  backward: (dy, { args: [x] }) => [
    isGradEnabled() ? mul(dy, runUnary('step', x)) : runBinary('reluBackward', dy, x, 'relu'),
  ],
});
