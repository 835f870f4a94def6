import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { operands } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runBinary } from './core/run-kernel.js';
import { sumTo } from './core/sum-to.js';

/**
 * a · b, elementwise with broadcasting.
 * @example
 * mul(tensor([1, 2]), tensor([3, 4])); // => [3, 8]
 */
export const mul: (a: TensorLike, b: TensorLike) => Tensor = defineOp({
  name: 'mul',
  forward: (a: TensorLike, b: TensorLike): Tensor => {
    const [x, y] = operands(a, b, 'mul');
    return runBinary('mul', x, y, 'mul');
  },
  backward: (dy, { args: [a, b] }) => {
    return [
      typeof a === 'number' ? null : sumTo(mul(dy, b), a.shape),
      typeof b === 'number' ? null : sumTo(mul(dy, a), b.shape),
    ];
  },
});
