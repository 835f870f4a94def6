import { arrayTypes } from '../backends/cpu/memory.js';
import { getBackend } from '../backends/registry.js';
import type { DType, TypedArray } from '../backends/types.js';
import { DTypeError, ValueError } from '../errors.js';
import { MAX_ELEMENTS } from './shape.js';

export type { DType, TypedArray };
export { arrayTypes };

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * Whether `dtype` is a floating-point type (the ones gradients flow through).
 * @example
 * [isFloat('float32'), isFloat('int32')]; // => [true, false]
 */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

const DTYPES = Object.keys(arrayTypes) as DType[];

/**
 * `dtype` when it is one nabla has, else a DTypeError naming `op` (plain-JavaScript callers can
 * pass any string).
 * @example
 * checkDType('float64', 'zeros'); // => 'float64'
 */
export function checkDType(dtype: DType, op: string): DType {
  if (!DTYPES.includes(dtype)) {
    throw new DTypeError(`${op}: dtype must be one of ${DTYPES.join(', ')}, got ${JSON.stringify(dtype)}`);
  }
  return dtype;
}

/** A zero-filled storage of `size` elements of `dtype` from the active backend's allocator. */
export function allocate(dtype: DType, size: number): TypedArray {
  return guarded(dtype, size, () => getBackend().memory.allocate(dtype, size));
}

// A size past what a tensor can hold, or memory the host cannot give, is a typed error rather
// than a RangeError from deep inside a kernel call.
function guarded(dtype: DType, size: number, allocateIt: () => TypedArray): TypedArray {
  if (size > MAX_ELEMENTS) {
    throw new ValueError(`cannot allocate ${size} elements: a tensor holds at most ${MAX_ELEMENTS}`);
  }
  try {
    return allocateIt();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ValueError(`out of memory allocating ${size} ${dtype} elements (${error.message})`);
  }
}

/**
 * A storage of `size` elements of `dtype` from the active backend whose values are unspecified
 * (a recycled array as its last user left it, or fresh memory that was not zeroed): only for
 * outputs a kernel overwrites completely, where zeroing first is a wasted pass over memory.
 * @example
 * import { kernels } from '../backends/registry.js';
 * const x = tensor([0, 0, 0]);
 * const out = allocateUninitialized('float32', 3);
 * kernels().unary('exp', x.storage, out); // every element written
 * out; // => [1, 1, 1]
 */
export function allocateUninitialized(dtype: DType, size: number): TypedArray {
  return guarded(dtype, size, () => getBackend().memory.allocateUninitialized(dtype, size));
}

/** The dtype of a typed array. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

/**
 * PyTorch's promotion between two tensors: bool < int32 < float32 < float64.
 * @example
 * promoteTypes('int32', 'float32'); // => 'float32'
 */
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
