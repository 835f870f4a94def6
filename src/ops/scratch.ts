import { allocate, type DType, type TypedArray } from '../tensor/dtype.js';

// A fresh 8 MB typed array costs ~3 ms here (new zeroed pages, a fault per 4 KB, and garbage
// collection later); refilling one already mapped costs ~0.2 ms. A fused op that needs the same
// big temporary every training step (lstmSequence's gate buffers) takes it from this small pool
// and gives it back when done.

/** Buffers below this many elements come and go cheaply; they are not pooled. */
const MIN_POOLED = 1 << 16;
/** The pool never holds more than this many bytes; the oldest buffers leave first. */
const MAX_POOLED_BYTES = 64 << 20;

const pool = new Map<string, TypedArray[]>();
let pooledBytes = 0;

const keyOf = (dtype: DType, size: number): string => `${dtype}:${size}`;

/**
 * A typed array of `size` elements for temporary use: a pooled one when available (holding what
 * its last user left, so the caller must write every element before reading it), else a new one.
 * Give it back with {@link giveScratch} once nothing refers to it.
 * @example
 * const buffer = takeScratch('float32', 1 << 20);
 * buffer.fill(1); // ... use it ...
 * giveScratch('float32', buffer);
 */
export function takeScratch(dtype: DType, size: number): TypedArray {
  const hit = pool.get(keyOf(dtype, size))?.pop();
  if (hit === undefined) return allocate(dtype, size);
  pooledBytes -= hit.byteLength;
  return hit;
}

/**
 * Returns a buffer from {@link takeScratch} to the pool. The caller must keep no reference to it
 * (nor to a subarray of it): the next `takeScratch` of that size hands it out again.
 * @example
 * giveScratch('float32', takeScratch('float32', 1 << 20));
 */
export function giveScratch(dtype: DType, buffer: TypedArray): void {
  if (buffer.length < MIN_POOLED || buffer.byteLength > MAX_POOLED_BYTES) return;
  const key = keyOf(dtype, buffer.length);
  const list = pool.get(key) ?? [];
  // Re-inserting moves the key to the end of the map's order, so eviction takes the oldest sizes.
  pool.delete(key);
  pool.set(key, list);
  list.push(buffer);
  pooledBytes += buffer.byteLength;
  for (const [k, buffers] of pool) {
    if (pooledBytes <= MAX_POOLED_BYTES) break;
    while (buffers.length > 0 && pooledBytes > MAX_POOLED_BYTES) pooledBytes -= buffers.shift()!.byteLength;
    if (buffers.length === 0) pool.delete(k);
  }
}
