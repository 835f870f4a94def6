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

/**
 * The largest typed array V8 keeps inside its JavaScript object (`typed_array_max_size_in_heap`):
 * no ArrayBuffer is allocated for it unless something asks for one (NOTE(on-heap-args) in
 * native/binding.cc), so it is always made with a plain `new`.
 */
const ON_HEAP_MAX_BYTES = 64;

/** Arrays from this many bytes up come from the block source when there is one. */
export const BLOCK_MIN_BYTES = 16384;

/**
 * Smaller arrays (above {@link ON_HEAP_MAX_BYTES}) come from the block source too while the arrays
 * made since the last-but-one garbage collection hold this many bytes (half of V8's 32 MB, since
 * other code allocates too) and those since the last one fewer than {@link COLLECT_EVERY_BYTES}.
 * V8 collects its young generation whenever it allocates an ArrayBuffer while young ones hold
 * 32 MB (NOTE(young-bytes) in native/memory.cc); a training step's live activations kept it
 * there, so every small array after the first started another scavenge (5 a step on ResNet-20).
 */
export const YOUNG_BYTES_LIMIT = 16 * 2 ** 20;

/**
 * Once this many bytes of arrays were made since the last collection, small ones come from V8
 * again and start the scavenge it would have: one per 32 MB of new arrays, as V8 intends. Never
 * collecting (all small arrays on blocks) left the young garbage to slower full collections,
 * which cost the MLP and LeNet 4–6% a step.
 */
export const COLLECT_EVERY_BYTES = 32 * 2 ** 20;

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
  private collections: Int32Array | undefined;
  private epoch = 0;
  private bytesNow = 0;
  private bytesBefore = 0;

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
   * undefined. `collections[0]`, when given, counts the garbage collections: smaller arrays come
   * from `source` too while the arrays made since the last-but-one hold {@link YOUNG_BYTES_LIMIT}.
   */
  useBlocks(source: BlockSource | undefined, collections?: Int32Array): void {
    this.blocks = source;
    this.collections = collections;
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
    if (bytes <= ON_HEAP_MAX_BYTES) return new type(size);
    const young = this.youngBytes(bytes);
    const smallOnBlocks = young >= YOUNG_BYTES_LIMIT && this.bytesNow < COLLECT_EVERY_BYTES;
    if (this.blocks && (bytes >= BLOCK_MIN_BYTES || smallOnBlocks))
      return new type(this.blocks(bytes, zero), 0, size);
    return zero ? new type(size) : new type(uninitializedBuffer(bytes), 0, size);
  }

  /**
   * Adds `bytes` to the bytes of arrays made since the last-but-one garbage collection (an
   * ArrayBuffer survives one scavenge in the young generation) and returns the sum before them.
   */
  private youngBytes(bytes: number): number {
    const epoch = this.collections?.[0] ?? 0;
    if (epoch !== this.epoch) {
      this.bytesBefore = epoch === this.epoch + 1 ? this.bytesNow : 0;
      this.bytesNow = 0;
      this.epoch = epoch;
    }
    const sum = this.bytesNow + this.bytesBefore;
    this.bytesNow += bytes;
    return sum;
  }

  private note(data: TypedArray): void {
    if (this.tracking && this.pool.accepts(data)) this.tracking.add(data);
  }
}

/** The one CPU allocator, shared by the reference and native backends. */
export const cpuMemory = new CpuMemory();
