import type { DType, TypedArray } from '../backends/types.js';
import { uninitializedBuffer } from '../platform/memory.js';
import { noteAllocation, takePooled } from './buffer-pool.js';

export type { DType, TypedArray };

/** The typed array that holds each dtype's elements. */
export const arrayTypes = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** Allocates a zero-filled array of `size` elements of `dtype` (a recycled one when available). */
export function allocate(dtype: DType, size: number): TypedArray {
  const type = arrayTypes[dtype];
  const data = takePooled(type, size) ?? new type(size);
  noteAllocation(data);
  return data;
}

/**
 * An array of `size` elements of `dtype` whose values are unspecified (a recycled array as its
 * last user left it, or fresh memory that was not zeroed): only for outputs a kernel overwrites
 * completely, where zeroing first is a wasted pass over memory.
 * @example
 * import { kernels } from '../backends/registry.js';
 * const x = zeros([6]);
 * const out = allocateUninitialized('float32', 6);
 * kernels().unary('exp', x.storage, out); // every element written: [1, 1, 1, 1, 1, 1]
 */
export function allocateUninitialized(dtype: DType, size: number): TypedArray {
  const type = arrayTypes[dtype];
  const data =
    takePooled(type, size, false) ?? new type(uninitializedBuffer(size * type.BYTES_PER_ELEMENT), 0, size);
  noteAllocation(data);
  return data;
}

/** The dtype of a typed array. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

/** PyTorch's promotion between two tensors: bool < int32 < float32 < float64. */
export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/**
 * The dtype a plain JS number takes next to a tensor of `dtype` (PyTorch's "weak" scalars): it
 * never widens a float tensor, and turns an integer or bool tensor into float32 only when the
 * number is not an integer.
 */
export function scalarType(dtype: DType, value: number): DType {
  if (isFloat(dtype)) return dtype;
  if (!Number.isInteger(value)) return 'float32';
  return dtype === 'bool' ? 'int32' : dtype;
}
