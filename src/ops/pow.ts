import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { eq, ge } from './compare.js';
import { operands } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runBinary } from './core/run-kernel.js';
import { sumTo } from './core/sum-to.js';
import { log } from './log.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { where } from './where.js';

/**
 * aᵇ, elementwise with broadcasting; the exponent may be a tensor or a number.
 * @example
 * pow(tensor([2, 3]), 2); // => [4, 9]
 */
export const pow: (a: TensorLike, b: TensorLike) => Tensor = defineOp({
  name: 'pow',
  forward: (a: TensorLike, b: TensorLike): Tensor => {
    const [x, y] = operands(a, b, 'pow');
    return runBinary('pow', x, y, 'pow');
  },
  backward: (dy, { args: [a, b], output }) => {
    const [x, y] = operands(a, b, 'pow');
    // d/da = b·a^(b−1), taken as 0 where b = 0 so that 0·0^(−1) does not give NaN (as PyTorch).
    const da = where(eq(y, 0), 0, mul(y, pow(x, sub(y, 1))));
    // d/db = aᵇ·ln a, taken as 0 at a = 0 with b ≥ 0, where 0·(−∞) would give NaN (as PyTorch).
    const lnTerm = mul(output, log(x));
    const db = where(eq(x, 0), where(ge(y, 0), 0, lnTerm), lnTerm);
    return [
      typeof a === 'number' ? null : sumTo(mul(dy, da), a.shape),
      typeof b === 'number' ? null : sumTo(mul(dy, db), b.shape),
    ];
  },
});
