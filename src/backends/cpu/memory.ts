import { uninitializedBuffer } from '../../platform/memory.js';
import type { DType, Memory, TypedArray } from '../types.js';
import { BufferPool } from './buffer-pool.js';

/** The typed array that holds each dtype's elements on the CPU. */
export const arrayTypes = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

/** Memory for a large array: an ArrayBuffer of `bytes` bytes, zero-filled when `zero` is true. */
export type BlockSource = (bytes: number, zero: boolean) => ArrayBuffer;

/** Arrays from this many bytes up come from the block source when there is one. */
export const BLOCK_MIN_BYTES = 16384;

/**
 * CPU memory: a tensor's storage is a plain typed array the garbage collector owns (no
 * `dispose()`), read and written in place by the reference and the native kernels alike, so the
 * two CPU backends share this one allocator and a tensor moves between them without a copy.
 * Speed comes from reuse: large arrays the autograd engine reports dead, and kernels' scratch
 * buffers, go back to a pool (`BufferPool`, in src/backends/cpu/buffer-pool.ts) that the next
 * allocation of that type and length draws from; once the native backend is loaded, large arrays
 * sit on its blocks, which come back to it for reuse when the collector frees them.
 * @example
 * const memory = new CpuMemory();
 * memory.allocate('float32', 3); // => [0, 0, 0]
 * memory.device; // => 'cpu'
 */
export class CpuMemory implements Memory {
  readonly pool = new BufferPool();
  /** `device` names a memory space; tests make a second "device" from another CpuMemory. */
  constructor(readonly device = 'cpu') {}

  private tracking: Set<TypedArray> | undefined;
  private blocks: BlockSource | undefined;

  allocate(dtype: DType, size: number): TypedArray {
    const type = arrayTypes[dtype];
    const data = this.pool.take(type, size) ?? this.fresh(type, size, true);
    this.note(data);
    return data;
  }

  allocateUninitialized(dtype: DType, size: number): TypedArray {
    const type = arrayTypes[dtype];
    const data = this.pool.take(type, size, false) ?? this.fresh(type, size, false);
    this.note(data);
    return data;
  }

  takeScratch(dtype: DType, size: number): TypedArray {
    const type = arrayTypes[dtype];
    return this.pool.take(type, size, false) ?? this.fresh(type, size, false);
  }

  giveScratch(buffer: TypedArray): void {
    this.pool.give(buffer);
  }

  /**
   * Serves arrays of at least {@link BLOCK_MIN_BYTES} from `source` (the native backend's
   * recycled blocks, see NOTE(blocks) in native/memory.cc), or from plain ArrayBuffers again when
   * undefined.
   */
  useBlocks(source: BlockSource | undefined): void {
    this.blocks = source;
  }

  trackAllocations<T>(fresh: Set<TypedArray>, fn: () => T): T {
    const outer = this.tracking;
    this.tracking = fresh;
    try {
      return fn();
    } finally {
      this.tracking = outer;
    }
  }

  reclaim(data: TypedArray): void {
    this.pool.give(data);
  }

  upload(host: TypedArray): TypedArray {
    return host.slice() as TypedArray;
  }

  download(data: TypedArray): TypedArray {
    return data;
  }

  private fresh(type: (typeof arrayTypes)[DType], size: number, zero: boolean): TypedArray {
    const bytes = size * type.BYTES_PER_ELEMENT;
    if (this.blocks && bytes >= BLOCK_MIN_BYTES) return new type(this.blocks(bytes, zero), 0, size);
    return zero ? new type(size) : new type(uninitializedBuffer(bytes), 0, size);
  }

  private note(data: TypedArray): void {
    if (this.tracking && this.pool.accepts(data)) this.tracking.add(data);
  }
}

/** The one CPU allocator, shared by the reference and native backends. */
export const cpuMemory = new CpuMemory();
