import type { TypedArray } from '../backends/types.js';

// Allocating a large typed array costs far more than filling one (V8's external-memory
// bookkeeping, calloc and fresh pages: ~40 µs for 256 KB against ~5 µs to zero it). The autograd
// engine knows when an intermediate gradient it allocated is dead, and hands its storage back
// here; `allocate` reuses it for the next array of the same type and length.

/** Arrays shorter than this are cheap to allocate and not worth keeping. */
const MIN_ELEMENTS = 4096;
/** At most this many bytes wait in the pool; beyond it released arrays are left to the GC. */
const MAX_POOLED_BYTES = 256 * 2 ** 20;

type ArrayType = new (length: number) => TypedArray;

const free = new Map<ArrayType, Map<number, TypedArray[]>>();
let pooledBytes = 0;
let tracking: Set<TypedArray> | undefined;

/**
 * A released array of this type and length, zero-filled unless `zeroed` is false (then it holds
 * what its last user left), or undefined when the pool has none.
 * @example
 * takePooled(Float32Array, 65536); // a Float32Array(65536) of zeros, or undefined
 */
export function takePooled(type: ArrayType, length: number, zeroed = true): TypedArray | undefined {
  if (length < MIN_ELEMENTS) return undefined;
  const data = free.get(type)?.get(length)?.pop();
  if (!data) return undefined;
  pooledBytes -= data.byteLength;
  if (zeroed) data.fill(0);
  return data;
}

/**
 * Hands back an array that nothing references any more (the caller guarantees it), for reuse.
 * Arrays that are views into a larger buffer are ignored.
 * @example
 * const gradient = zeros([8192]); // say, a gradient the engine has finished with
 * recycle(gradient.storage); // only when no tensor can read it again
 */
export function recycle(data: TypedArray): void {
  if (data.length < MIN_ELEMENTS || data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength)
    return;
  if (pooledBytes + data.byteLength > MAX_POOLED_BYTES) return;
  const type = data.constructor as ArrayType;
  let byLength = free.get(type);
  if (!byLength) {
    byLength = new Map();
    free.set(type, byLength);
  }
  const list = byLength.get(data.length);
  if (list) list.push(data);
  else byLength.set(data.length, [data]);
  pooledBytes += data.byteLength;
}

/**
 * How many arrays and bytes wait in the pool (for tests and diagnostics).
 * @example
 * poolStats(); // { arrays: 0, bytes: 0 } before any backward pass
 */
export function poolStats(): { arrays: number; bytes: number } {
  let arrays = 0;
  for (const byLength of free.values()) for (const list of byLength.values()) arrays += list.length;
  return { arrays, bytes: pooledBytes };
}

/** Notes an array made by `allocate` while a {@link trackAllocations} scope is open. */
export function noteAllocation(data: TypedArray): void {
  if (tracking && data.length >= MIN_ELEMENTS) tracking.add(data);
}

/**
 * Runs `fn` and collects into `fresh` the (large) arrays allocated meanwhile: the only ones the
 * engine may recycle, since no tensor made before the backward pass can hold them.
 * @example
 * const fresh = new Set<Float32Array | Float64Array>();
 * trackAllocations(fresh, () => zeros([8192]).exp()); // stands in for a backward pass
 * fresh.size; // 2: the zeros and the exp
 */
export function trackAllocations<T>(fresh: Set<TypedArray>, fn: () => T): T {
  const outer = tracking;
  tracking = fresh;
  try {
    return fn();
  } finally {
    tracking = outer;
  }
}
