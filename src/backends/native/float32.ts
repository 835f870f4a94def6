/**
 * Whether `x` is a Float32Array: the native kernels take float32 only, and every other dtype
 * falls back to the reference kernels. A type guard, so the addon call after it type-checks.
 * @example
 * isF32(new Float32Array(2)); // => true
 * isF32(new Float64Array(2)); // => false
 */
export function isF32(x: unknown): x is Float32Array {
  return x instanceof Float32Array;
}
