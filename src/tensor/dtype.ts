import { arrayTypes } from '../backends/cpu/memory.js';
import { getBackend } from '../backends/registry.js';
import type { DType, TypedArray } from '../backends/types.js';

export type { DType, TypedArray };
export { arrayTypes };

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** A zero-filled storage of `size` elements of `dtype` from the active backend's allocator. */
export function allocate(dtype: DType, size: number): TypedArray {
  return getBackend().memory.allocate(dtype, size);
}

/**
 * A storage of `size` elements of `dtype` from the active backend whose values are unspecified
 * (a recycled array as its last user left it, or fresh memory that was not zeroed): only for
 * outputs a kernel overwrites completely, where zeroing first is a wasted pass over memory.
 * @example
 * const x = tensor([1, 2, 3]);
 * const out = allocateUninitialized('float32', 3);
 * kernels().unary('exp', x.storage, out); // every element written
 */
export function allocateUninitialized(dtype: DType, size: number): TypedArray {
  return getBackend().memory.allocateUninitialized(dtype, size);
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
