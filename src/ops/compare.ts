import type { BinaryOp } from '../backends/types.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { operands } from './core/convert.js';
import { runBinary } from './core/run-kernel.js';

function compare(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(a, b, op);
  return runBinary(op, x, y, op, 'bool');
}

/** a == b elementwise, as a bool tensor (NaN equals nothing). @example eq(tensor([1, 2]), 2); // [false, true] */
export const eq = (a: TensorLike, b: TensorLike): Tensor => compare('eq', a, b);
/** a != b elementwise. @example ne(tensor([1, 2]), 2); // [true, false] */
export const ne = (a: TensorLike, b: TensorLike): Tensor => compare('ne', a, b);
/** a < b elementwise. @example lt(tensor([1, 2]), 2); // [true, false] */
export const lt = (a: TensorLike, b: TensorLike): Tensor => compare('lt', a, b);
/** a ≤ b elementwise. @example le(tensor([1, 2]), 2); // [true, true] */
export const le = (a: TensorLike, b: TensorLike): Tensor => compare('le', a, b);
/** a > b elementwise. @example gt(tensor([1, 2]), 1); // [false, true] */
export const gt = (a: TensorLike, b: TensorLike): Tensor => compare('gt', a, b);
/** a ≥ b elementwise. @example ge(tensor([1, 2]), 2); // [false, true] */
export const ge = (a: TensorLike, b: TensorLike): Tensor => compare('ge', a, b);
