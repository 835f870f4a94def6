import { isFloat } from '../tensor/dtype.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { operands } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runBinary } from './core/run-kernel.js';
import { sumTo } from './core/sum-to.js';
import { mul } from './mul.js';
import { neg } from './neg.js';

/**
 * a / b (true division: integers divide as floats), elementwise with broadcasting.
 * @example
 * div(tensor([1, 3]), 2); // => [0.5, 1.5]
 */
export const div: (a: TensorLike, b: TensorLike) => Tensor = defineOp({
  name: 'div',
  forward: (a: TensorLike, b: TensorLike): Tensor => {
    const [x, y, dtype] = operands(a, b, 'div');
    if (isFloat(dtype)) return runBinary('div', x, y, 'div');
    return runBinary('div', cast(x, 'float32'), cast(y, 'float32'), 'div');
  },
  backward: (dy, { args: [a, b], output }) => {
    return [
      typeof a === 'number' ? null : sumTo(div(dy, b), a.shape),
      typeof b === 'number' ? null : sumTo(neg(div(mul(dy, output), b)), b.shape),
    ];
  },
});
