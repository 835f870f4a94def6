import { recycle, takePooled } from '../tensor/buffer-pool.js';
import { allocate, arrayTypes, type DType, type TypedArray } from '../tensor/dtype.js';

// A fresh 8 MB typed array costs ~3 ms here (new zeroed pages, a fault per 4 KB, and garbage
// collection later); refilling one already mapped costs ~0.2 ms. A fused op that needs the same
// big temporary every training step (lstmSequence's gate buffers) takes it from the buffer pool
// (src/tensor/buffer-pool.ts, the one the autograd engine recycles gradients into) without
// zeroing it, and gives it back when done.

/**
 * A typed array of `size` elements for temporary use: a pooled one when available (holding what
 * its last user left, so the caller must write every element before reading it), else a new one.
 * Give it back with {@link giveScratch} once nothing refers to it.
 * @example
 * const buffer = takeScratch('float32', 1 << 20);
 * buffer.fill(1); // ... use it ...
 * giveScratch(buffer);
 */
export function takeScratch(dtype: DType, size: number): TypedArray {
  return takePooled(arrayTypes[dtype], size, false) ?? allocate(dtype, size);
}

/**
 * Returns a buffer from {@link takeScratch} to the pool. The caller must keep no reference to it
 * (nor to a subarray of it): the next array of that type and length may be it.
 * @example
 * giveScratch(takeScratch('float32', 1 << 20));
 */
export function giveScratch(buffer: TypedArray): void {
  recycle(buffer);
}
