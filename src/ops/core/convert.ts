import { DTypeError, ValueError } from '../../errors.js';
import { full } from '../../tensor/creation.js';
import { type DType, isFloat, promoteTypes, scalarType } from '../../tensor/dtype.js';
import { Tensor, type TensorLike } from '../../tensor/tensor.js';
import { cast } from '../cast.js';

/** Checks that `x` is a tensor or a number and returns it as a tensor (numbers: float32 scalars). */
export function asTensor(x: unknown, op: string, arg: string): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return full([], x);
  throw new ValueError(`${op}: ${arg} must be a Tensor or a number, got ${x === null ? 'null' : typeof x}`);
}

/** Checks the argument is a tensor (numbers not allowed). */
export function expectTensor(x: unknown, op: string, arg: string): Tensor {
  if (x instanceof Tensor) return x;
  throw new ValueError(`${op}: ${arg} must be a Tensor, got ${x === null ? 'null' : typeof x}`);
}

/**
 * The two operands of a binary op as tensors of one dtype, following PyTorch's promotion:
 * tensors promote bool < int32 < float32 < float64; plain numbers adapt to the tensor beside them.
 */
export function operands(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor, DType] {
  let dtype: DType;
  if (a instanceof Tensor && b instanceof Tensor) dtype = promoteTypes(a.dtype, b.dtype);
  else if (a instanceof Tensor) dtype = scalarType(a.dtype, expectNumber(b, op, 'b'));
  else if (b instanceof Tensor) dtype = scalarType(b.dtype, expectNumber(a, op, 'a'));
  else dtype = 'float32';
  return [toDType(a, dtype, op, 'a'), toDType(b, dtype, op, 'b'), dtype];
}

function expectNumber(x: unknown, op: string, arg: string): number {
  if (typeof x === 'number') return x;
  throw new ValueError(`${op}: ${arg} must be a Tensor or a number, got ${x === null ? 'null' : typeof x}`);
}

function toDType(x: TensorLike, dtype: DType, op: string, arg: string): Tensor {
  if (x instanceof Tensor) return x.dtype === dtype ? x : cast(x, dtype);
  return full([], expectNumber(x, op, arg), { dtype });
}

/** Rejects non-float tensors for ops that only make sense on floats (exp, log, softmax, ...). */
export function expectFloat(x: Tensor, op: string, arg = 'x'): void {
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: ${arg} must be float32 or float64, got ${x.dtype}`);
}

/** The float dtype an op on `x` computes in: x's own if float, else float32 (as torch.exp on ints). */
export function floatTypeOf(x: Tensor): DType {
  return isFloat(x.dtype) ? x.dtype : 'float32';
}
