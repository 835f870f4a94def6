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

/**
 * CPU memory: a tensor's storage is a plain typed array the garbage collector owns (no
 * `dispose()`), read and written in place by the reference and the native kernels alike, so the
 * two CPU backends share this one allocator and a tensor moves between them without a copy.
 * Speed comes from reuse: large arrays the autograd engine reports dead, and kernels' scratch
 * buffers, go back to a pool (see {@link BufferPool}) that the next allocation of that type and
 * length draws from.
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

  allocate(dtype: DType, size: number): TypedArray {
    const type = arrayTypes[dtype];
    const data = this.pool.take(type, size) ?? new type(size);
    this.note(data);
    return data;
  }

  allocateUninitialized(dtype: DType, size: number): TypedArray {
    const type = arrayTypes[dtype];
    const data =
      this.pool.take(type, size, false) ??
      new type(uninitializedBuffer(size * type.BYTES_PER_ELEMENT), 0, size);
    this.note(data);
    return data;
  }

  takeScratch(dtype: DType, size: number): TypedArray {
    return this.pool.take(arrayTypes[dtype], size, false) ?? new arrayTypes[dtype](size);
  }

  giveScratch(buffer: TypedArray): void {
    this.pool.give(buffer);
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

  private note(data: TypedArray): void {
    if (this.tracking && this.pool.accepts(data)) this.tracking.add(data);
  }
}

/** The one CPU allocator, shared by the reference and native backends. */
export const cpuMemory = new CpuMemory();
