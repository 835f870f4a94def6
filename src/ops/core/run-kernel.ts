import { kernels } from '../../backends/registry.js';
import type { BinaryOp, UnaryOp } from '../../backends/types.js';
import { allocateUninitialized, type DType, type TypedArray } from '../../tensor/dtype.js';
import { broadcastShapes, broadcastStrides } from '../../tensor/shape.js';
import { Tensor, viewOf } from '../../tensor/tensor.js';
import { cast } from '../cast.js';

// The forward halves of primitive ops call kernels through these few helpers, so allocation and
// the contiguous-input rule live in one place.

/** The elements of `t` in row-major order: its own storage when contiguous, else a copy. */
export function denseData(t: Tensor): TypedArray {
  return t.data();
}

/** A new contiguous tensor holding `data`. */
export function fromData(data: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(data, shape, dtype);
}

export function runUnary(op: UnaryOp, x: Tensor, dtype: DType = x.dtype): Tensor {
  const input = x.dtype === dtype ? denseData(x) : denseData(cast(x, dtype));
  const out = allocateUninitialized(dtype, x.size);
  kernels().unary(op, input, out);
  return fromData(out, x.shape, dtype);
}

/** Applies a binary kernel with broadcasting; a and b already share a dtype. */
export function runBinary(
  op: BinaryOp,
  a: Tensor,
  b: Tensor,
  opName: string,
  outDtype: DType = a.dtype,
): Tensor {
  const shape = broadcastShapes(a.shape, b.shape, opName);
  const out = allocateUninitialized(
    outDtype,
    shape.reduce((s, d) => s * d, 1),
  );
  const va = { ...viewOf(a), strides: broadcastStrides(a.shape, a.strides, shape) };
  const vb = { ...viewOf(b), strides: broadcastStrides(b.shape, b.strides, shape) };
  kernels().binary(op, va, vb, shape, out);
  return fromData(out, shape, outDtype);
}

/** `[outer, size, inner]` around `axis` of `shape`: the layout reduce-like kernels take. */
export function splitAt(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  return [outer, shape[axis] ?? 1, inner];
}
