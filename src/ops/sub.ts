import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { operands } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runBinary } from './core/run-kernel.js';
import { sumTo } from './core/sum-to.js';
import { neg } from './neg.js';

/**
 * a − b, elementwise with broadcasting.
 * @example
 * sub(tensor([5, 7]), tensor([1, 2])); // => [4, 5]
 */
export const sub: (a: TensorLike, b: TensorLike) => Tensor = defineOp({
  name: 'sub',
  forward: (a: TensorLike, b: TensorLike): Tensor => {
    const [x, y] = operands(a, b, 'sub');
    return runBinary('sub', x, y, 'sub');
  },
  backward: (dy, { args: [a, b] }) => {
    return [
      typeof a === 'number' ? null : sumTo(dy, a.shape),
      typeof b === 'number' ? null : sumTo(neg(dy), b.shape),
    ];
  },
});
