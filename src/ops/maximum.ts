import type { BinaryOp } from '../backends/types.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { eq, gt, lt } from './compare.js';
import { operands } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runBinary } from './core/run-kernel.js';
import { sumTo } from './core/sum-to.js';
import { mul } from './mul.js';
import { where } from './where.js';

function elementwiseExtreme(
  op: BinaryOp & ('maximum' | 'minimum'),
): (a: TensorLike, b: TensorLike) => Tensor {
  const wins = op === 'maximum' ? gt : lt;
  return defineOp({
    name: op,
    forward: (a: TensorLike, b: TensorLike): Tensor => {
      const [x, y] = operands(a, b, op);
      return runBinary(op, x, y, op);
    },
    // The winner takes the gradient; ties split it half and half, as PyTorch does.
    backward: (dy, { args: [a, b] }) => {
      const [x, y] = operands(a, b, op);
      const tie = eq(x, y);
      const wa = where(wins(x, y), 1, where(tie, 0.5, 0));
      const wb = where(wins(y, x), 1, where(tie, 0.5, 0));
      return [
        typeof a === 'number' ? null : sumTo(mul(dy, wa), a.shape),
        typeof b === 'number' ? null : sumTo(mul(dy, wb), b.shape),
      ];
    },
  });
}

/**
 * The larger of a and b, elementwise with broadcasting (NaN propagates).
 * @example
 * maximum(tensor([1, 5]), 3); // => [3, 5]
 */
export const maximum: (a: TensorLike, b: TensorLike) => Tensor = elementwiseExtreme('maximum');

/**
 * The smaller of a and b, elementwise with broadcasting (NaN propagates).
 * @example
 * minimum(tensor([1, 5]), 3); // => [1, 3]
 */
export const minimum: (a: TensorLike, b: TensorLike) => Tensor = elementwiseExtreme('minimum');
