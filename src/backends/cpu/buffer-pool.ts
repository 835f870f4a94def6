import type { TypedArray } from '../types.js';

// Allocating a large typed array costs far more than filling one (V8's external-memory
// bookkeeping, calloc and fresh pages: ~40 µs for 256 KB against ~5 µs to zero it). The autograd
// engine knows when an intermediate gradient it allocated is dead and hands its storage back, and
// fused kernels borrow big temporaries (an LSTM's gate buffers) every step: both come back here,
// and the next array of the same type and length reuses them.

/** Arrays shorter than this are cheap to allocate and not worth keeping. */
const MIN_ELEMENTS = 4096;
/** At most this many bytes wait in the pool; beyond it released arrays are left to the GC. */
const MAX_POOLED_BYTES = 256 * 2 ** 20;

type ArrayType = new (length: number) => TypedArray;

/** Released typed arrays by type and length, waiting to be reused. */
export class BufferPool {
  private readonly free = new Map<ArrayType, Map<number, TypedArray[]>>();
  private pooledBytes = 0;

  /**
   * A released array of this type and length, zero-filled unless `zeroed` is false (then it
   * holds what its last user left), or undefined when the pool has none.
   * @example
   * new BufferPool().take(Float32Array, 65536); // undefined: nothing was given back yet
   */
  take(type: ArrayType, length: number, zeroed = true): TypedArray | undefined {
    if (length < MIN_ELEMENTS) return undefined;
    const data = this.free.get(type)?.get(length)?.pop();
    if (!data) return undefined;
    this.pooledBytes -= data.byteLength;
    if (zeroed) data.fill(0);
    return data;
  }

  /** Whether {@link give} would keep `data`: large enough, and owning its whole buffer. */
  accepts(data: TypedArray): boolean {
    return data.length >= MIN_ELEMENTS && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  }

  /**
   * Hands back an array that nothing references any more (the caller guarantees it), for reuse.
   * Small arrays and views into a larger buffer are ignored.
   * @example
   * const pool = new BufferPool();
   * pool.give(new Float32Array(8192));
   * pool.stats(); // => { arrays: 1, bytes: 32768 }
   */
  give(data: TypedArray): void {
    if (!this.accepts(data) || this.pooledBytes + data.byteLength > MAX_POOLED_BYTES) return;
    const type = data.constructor as ArrayType;
    let byLength = this.free.get(type);
    if (!byLength) {
      byLength = new Map();
      this.free.set(type, byLength);
    }
    const list = byLength.get(data.length);
    if (list) list.push(data);
    else byLength.set(data.length, [data]);
    this.pooledBytes += data.byteLength;
  }

  /**
   * Drops every waiting array (to the garbage collector): the bytes dropped.
   * @example
   * const pool = new BufferPool();
   * pool.give(new Float32Array(8192));
   * pool.clear(); // => 32768
   */
  clear(): number {
    const bytes = this.pooledBytes;
    this.free.clear();
    this.pooledBytes = 0;
    return bytes;
  }

  /**
   * How many arrays and bytes wait in the pool (for tests and diagnostics).
   * @example
   * new BufferPool().stats(); // => { arrays: 0, bytes: 0 }
   */
  stats(): { arrays: number; bytes: number } {
    let arrays = 0;
    for (const byLength of this.free.values()) for (const list of byLength.values()) arrays += list.length;
    return { arrays, bytes: this.pooledBytes };
  }
}
