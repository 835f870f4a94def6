import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { operands } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runBinary } from './core/run-kernel.js';
import { sumTo } from './core/sum-to.js';

/**
 * a + b, elementwise with broadcasting.
 * @example
 * add(tensor([1, 2]), 10); // => [11, 12]
 */
export const add: (a: TensorLike, b: TensorLike) => Tensor = defineOp({
  name: 'add',
  forward: (a: TensorLike, b: TensorLike): Tensor => {
    const [x, y] = operands(a, b, 'add');
    return runBinary('add', x, y, 'add');
  },
  backward: (dy, { args: [a, b] }) => {
    return [
      typeof a === 'number' ? null : sumTo(dy, a.shape),
      typeof b === 'number' ? null : sumTo(dy, b.shape),
    ];
  },
});
