/**
 * The WebAssembly module (dist/nabla.wasm, built from native/ by scripts/build-wasm.mjs) and the
 * one way to call it: arrays are copied into the module's memory for the call and the ones the
 * kernel writes are copied back out.
 *
 * NOTE(wasm-memory): the wasm backend's tensors are the same GC-owned typed arrays as the CPU
 * backends' (`cpuMemory`), not storage in the module's linear memory. Linear memory is one block
 * that JavaScript's collector cannot free piecewise: a tensor living there must be freed by
 * someone. FinalizationRegistry callbacks run only when the event loop turns, so a synchronous
 * training loop would never free anything; the autograd engine's reclaim (Memory.reclaim) covers
 * dead gradients of a backward pass, not activations, optimizer state or user tensors; and a
 * growing non-shared memory detaches every view of it, so each storage would need re-deriving
 * (a shared memory keeps views but needs cross-origin isolation in a page). Copying at each call
 * costs O(size) next to a kernel's O(size) (elementwise) or O(size^1.5) (sgemm) work, and keeps
 * nabla's promise — memory the collector owns, no dispose() — with no new failure mode. The
 * module's memory holds only this staging area and the kernels' own workspaces, reused by every
 * call. docs/design.md (Backends) has the measurements behind this choice.
 */
import { PlatformError } from '../../errors.js';
import { memoryImport, unsharedMemoryModule } from './memory-import.js';

// The part of the WebAssembly JavaScript API used here (lib ES2023 declares none of it; Node and
// every browser have it).
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
type Imports = Record<string, Record<string, unknown>>;
interface WasmInstance {
  readonly exports: object;
}
/** A compiled module (WebAssembly.Module): what a worker instantiates on the shared memory. */
export type CompiledWasm = object;
interface WasmApi {
  Module: {
    new (bytes: Uint8Array): CompiledWasm;
    imports(module: CompiledWasm): { module: string; name: string }[];
  };
  Instance: new (module: CompiledWasm, imports: Imports) => WasmInstance;
  Memory: new (limits: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<CompiledWasm>;
  instantiate(module: CompiledWasm, imports: Imports): Promise<WasmInstance>;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

// The API, or a PlatformError where the engine has none (`node --jitless`, some locked-down pages).
function api(): WasmApi {
  if (!wasmApi) throw new PlatformError('this JavaScript engine has no WebAssembly');
  return wasmApi;
}

/** An argument of a module function: its kind (native/binding.h) says how it is passed. */
export type WasmArgument = Float32Array | Int32Array | Uint8Array | null | number | boolean | string;

type StagedArray = Float32Array | Int32Array | Uint8Array;
type Kind = 'f32' | 'f32?' | 'i32' | 'u8' | 'size' | 'int' | 'number' | 'bool' | 'string';

interface Parsed {
  readonly args: readonly Kind[];
  readonly result: string;
  readonly raw: (slots: number) => number;
}

/** The pool's exports (native/wasm/thread-pool.cc), which src/backends/wasm/threads.ts drives. */
export interface ThreadExports {
  threadsPrepare(id: number): number;
  threadsResize(threads: number): number;
  threadsCallerMayWait(may: number): void;
  threadsStop(): void;
  threadsSetStack(top: number): void;
  threadsStackPointer(): number;
  threadsRecover(): void;
  threadsCover(
    n: number,
    minPerThread: number,
    align: number,
    nested: number,
    counts: number,
    owners: number,
  ): void;
  threadsTrap(trapTask: number, ran: number): number;
}

const THREAD_EXPORTS: readonly (keyof ThreadExports)[] = [
  'threadsPrepare',
  'threadsResize',
  'threadsCallerMayWait',
  'threadsStop',
  'threadsSetStack',
  'threadsStackPointer',
  'threadsRecover',
  'threadsCover',
  'threadsTrap',
];

interface ModuleExports extends ThreadExports {
  _initialize(): void;
  malloc(bytes: number): number;
  free(address: number): void;
  signatures(slots: number): void;
  lastError(slots: number): void;
}

// Arrays are staged on 64-byte boundaries: the packed sgemm panels (native/sgemm.cc) expect it.
const ALIGN = 64;
const SLOTS = 64;

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/**
 * The instantiated module: its functions by name (as native/signatures.ts declares them) and the
 * staging area they are called through.
 * @example
 * import { loadWasmModule } from './load.js';
 * const module = loadWasmModule().module;
 * const out = new Float32Array(64);
 * module?.call('unary', [0, new Float32Array(64).fill(2), out], [2]); // neg: out is all −2
 */
export class WasmModule {
  /** The signature of every function the module exports, as the module reports it. */
  readonly signatures: Readonly<Record<string, string>>;
  /** The pool's exports, for src/backends/wasm/threads.ts. */
  readonly threads: ThreadExports;
  /**
   * Functions the module lists in `signatures` (or the pool needs) but does not export: a build
   * left half-way or from another version. The loader refuses such a module (./load.ts).
   */
  readonly missingExports: readonly string[];
  private readonly exports: ModuleExports;
  // The caller's stack pointer between calls: a trap leaves it lower, and it is put back.
  private readonly stackTop: number;
  private readonly functions = new Map<string, Parsed>();
  private buffer: ArrayBuffer | undefined;
  private f64 = new Float64Array(0);
  private f32 = new Float32Array(0);
  private i32 = new Int32Array(0);
  private u8 = new Uint8Array(0);
  private readonly slots: number;
  private arena = 0;
  private arenaBytes = 0;

  /**
   * Wraps an instance made by {@link instantiateWasm} or {@link instantiateWasmSync}: on `memory`,
   * shared or not, compiled as `compiled` (which workers instantiate on a shared one).
   */
  constructor(
    instance: WasmInstance,
    readonly memory: WasmMemory,
    readonly compiled: CompiledWasm,
  ) {
    this.exports = instance.exports as unknown as ModuleExports;
    this.threads = this.exports;
    const exported = instance.exports as Record<string, unknown>;
    const needed = ['_initialize', 'malloc', 'free', 'signatures', 'lastError', ...THREAD_EXPORTS];
    const absent = needed.filter((name) => typeof exported[name] !== 'function');
    if (absent.length > 0) {
      // Nothing can be called without these: report them and stop here.
      this.missingExports = absent;
      this.signatures = {};
      this.stackTop = 0;
      this.slots = 0;
      return;
    }
    this.exports._initialize();
    this.stackTop = this.exports.threadsStackPointer();
    this.slots = this.exports.malloc(SLOTS * 8);
    this.signatures = Object.fromEntries(
      this.readString('signatures')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => line.split('=') as [string, string]),
    );
    for (const [name, signature] of Object.entries(this.signatures)) {
      const [args, result] = signature.split('->') as [string, string];
      const raw = exported[name] as ((slots: number) => number) | undefined;
      if (typeof raw !== 'function') continue;
      const kinds = (args ? args.split(',') : []) as Kind[];
      // Arrays and strings take two slots (NOTE(wasm-binding) in native/binding.h).
      const needed = kinds.reduce(
        (n, k) => n + (k === 'size' || k === 'int' || k === 'number' || k === 'bool' ? 1 : 2),
        0,
      );
      if (needed > SLOTS)
        throw new PlatformError(`wasm backend: ${name} takes ${needed} slots, more than ${SLOTS}`);
      this.functions.set(name, { args: kinds, result, raw });
    }
    this.missingExports = Object.keys(this.signatures).filter((name) => !this.functions.has(name));
  }

  /** Bytes of the module's memory (the staging area and the kernels' workspaces). */
  memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Whether the memory is shared (workers may run on it). */
  isShared(): boolean {
    return typeof SharedArrayBuffer === 'function' && this.memory.buffer instanceof SharedArrayBuffer;
  }

  /**
   * Calls export `fn` of the module, outside the kernel table: after a trap, the pool and the
   * stack are made ready for the next call before the error goes on.
   */
  guarded<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      this.exports.threadsSetStack(this.stackTop);
      this.exports.threadsRecover();
      throw error;
    }
  }

  /** Scratch addresses for `bytes` bytes in the staging area (valid until the next call). */
  scratch(bytes: number): { address: number; view: Int32Array } {
    const [address] = this.stage([new Uint8Array(bytes)], ['u8']);
    this.view();
    return { address: address!, view: this.i32.subarray(address! / 4, address! / 4 + bytes / 4) };
  }

  /**
   * Calls the module's function `name`: the array arguments are copied in, except the ones at
   * the positions in `overwritten` (outputs the kernel writes whole without reading), and the
   * ones at the positions in `written` are copied back after the call. A failed check in the
   * kernel's entry throws a RangeError, as the addon does.
   */
  call(
    name: string,
    args: readonly WasmArgument[],
    written: readonly number[],
    overwritten: readonly number[] = [],
  ): number | boolean | string | undefined {
    const fn = this.functions.get(name);
    if (!fn) throw new PlatformError(`wasm backend: the module has no function '${name}'`);
    const addresses = this.stage(args, fn.args);
    this.view();
    const slots = this.slots / 8;
    let s = slots;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const kind = fn.args[i]!;
      if (kind === 'f32' || kind === 'f32?' || kind === 'i32' || kind === 'u8') {
        const array = arg as StagedArray | null;
        this.f64[s++] = array ? addresses[i]! : 0;
        this.f64[s++] = array ? array.length : 0;
        if (array && !overwritten.includes(i)) this.viewOf(array, addresses[i]!).set(array);
      } else if (kind === 'string') {
        const encoded = new TextEncoder().encode(arg as string);
        this.u8.set(encoded, addresses[i]!);
        this.f64[s++] = addresses[i]!;
        this.f64[s++] = encoded.length;
      } else {
        this.f64[s++] = typeof arg === 'boolean' ? Number(arg) : (arg as number);
      }
    }
    const status = this.guarded(() => fn.raw(this.slots));
    this.view(); // the kernel may have grown the memory (its workspace)
    if (status !== 0) throw new RangeError(`nabla wasm: ${this.readString('lastError')}`);
    for (const i of written) {
      const array = args[i] as StagedArray | null;
      if (array) array.set(this.viewOf(array, addresses[i]!) as never);
    }
    if (fn.result === 'void') return undefined;
    if (fn.result === 'bool') return this.f64[slots] !== 0;
    if (fn.result === 'string') return this.stringAt(slots);
    return this.f64[slots];
  }

  /** The staging addresses of the array and string arguments, the area grown to hold them all. */
  private stage(args: readonly WasmArgument[], kinds: readonly Kind[]): number[] {
    const addresses: number[] = [];
    let bytes = 0;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (kinds[i] === 'string') {
        addresses[i] = bytes;
        bytes += align(3 * (arg as string).length);
      } else if (arg instanceof Float32Array || arg instanceof Int32Array || arg instanceof Uint8Array) {
        addresses[i] = bytes;
        bytes += align(arg.byteLength);
      }
    }
    if (bytes > this.arenaBytes) {
      if (this.arena !== 0) this.exports.free(this.arena);
      // Grown by half again each time, so a rising size costs few reallocations.
      const size = Math.max(bytes, Math.ceil(this.arenaBytes * 1.5));
      this.arena = this.exports.malloc(size + ALIGN);
      if (this.arena === 0) {
        this.arenaBytes = 0;
        throw new RangeError(`nabla wasm: cannot stage ${bytes} bytes in the module's memory`);
      }
      this.arenaBytes = size;
    }
    const base = align(this.arena);
    for (let i = 0; i < args.length; i++) if (addresses[i] !== undefined) addresses[i]! += base;
    return addresses;
  }

  /** The module's memory at `address`, as an array of the same type and length as `array`. */
  private viewOf(array: StagedArray, address: number): StagedArray {
    if (array instanceof Float32Array) return this.f32.subarray(address / 4, address / 4 + array.length);
    if (array instanceof Int32Array) return this.i32.subarray(address / 4, address / 4 + array.length);
    return this.u8.subarray(address, address + array.length);
  }

  private view(): void {
    const buffer = this.memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    this.f64 = new Float64Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.u8 = new Uint8Array(buffer);
  }

  private readString(fn: 'signatures' | 'lastError'): string {
    this.exports[fn](this.slots);
    this.view();
    return this.stringAt(this.slots / 8);
  }

  private stringAt(slot: number): string {
    const address = this.f64[slot]!;
    // A copy: TextDecoder refuses a view of a shared memory.
    return new TextDecoder().decode(this.u8.slice(address, address + this.f64[slot + 1]!));
  }
}

/**
 * Compiles and instantiates the module's bytes at once: fine in Node and in workers; a page's
 * main thread should use {@link instantiateWasm}, since browsers limit synchronous compiling there.
 * @example
 * import { builtFileBytes } from '../../platform/node.js';
 * const bytes = builtFileBytes('nabla.wasm', 'the example');
 * bytes && instantiateWasmSync(bytes).memoryBytes() > 0; // true where the module was built
 */
export function instantiateWasmSync(bytes: Uint8Array): WasmModule {
  const { memory, bytes: runnable } = memoryFor(bytes);
  const module = new (api().Module)(runnable);
  const wasi = wasiImports(module, memory);
  return wasi.started(new (api().Instance)(module, wasi.imports));
}

/**
 * Compiles and instantiates the module's bytes without blocking the thread (the way a page loads
 * it).
 * @example
 * import { builtFileBytes } from '../../platform/node.js';
 * const bytes = builtFileBytes('nabla.wasm', 'the example');
 * const module = bytes && (await instantiateWasm(bytes));
 * module?.signatures.unary; // 'size,f32,f32->void'
 */
export async function instantiateWasm(bytes: Uint8Array): Promise<WasmModule> {
  const { memory, bytes: runnable } = memoryFor(bytes);
  const module = await api().compile(runnable);
  const wasi = wasiImports(module, memory);
  return wasi.started(await api().instantiate(module, wasi.imports));
}

/**
 * Whether this thread may share a memory with workers: SharedArrayBuffer exists, and in a page
 * the page is cross-origin isolated (browsers refuse shared memory otherwise).
 * @example
 * canShareMemory(); // true in Node
 */
export function canShareMemory(): boolean {
  const scope = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  return typeof scope.SharedArrayBuffer === 'function' && scope.crossOriginIsolated !== false;
}

// The memory the module imports: shared where this thread may share one, else unshared with the
// module's import changed to match (NOTE(wasm-threads) in native/thread-pool.h).
function memoryFor(bytes: Uint8Array): { memory: WasmMemory; bytes: Uint8Array } {
  const limits = memoryImport(bytes);
  if (limits.shared && canShareMemory()) {
    try {
      return {
        memory: new (api().Memory)({ initial: limits.initial, maximum: limits.maximum, shared: true }),
        bytes,
      };
    } catch {
      // An engine that has SharedArrayBuffer but refuses a shared wasm memory: one thread.
    }
  }
  return {
    memory: new (api().Memory)({ initial: limits.initial, maximum: limits.maximum }),
    bytes: limits.shared ? unsharedMemoryModule(bytes) : bytes,
  };
}

// The few WASI functions wasi-libc's startup and getenv import: an empty environment, and an
// exit that throws; anything else reports ENOSYS. `started` wraps the instance made with them.
function wasiImports(
  module: CompiledWasm,
  memory: WasmMemory,
): { imports: Imports; started(instance: WasmInstance): WasmModule } {
  const ENOSYS = 52;
  const wasi: Record<string, unknown> = {};
  for (const { module: from, name } of api().Module.imports(module)) {
    if (from !== 'wasi_snapshot_preview1') continue;
    wasi[name] = () => ENOSYS;
  }
  wasi.environ_sizes_get = (count: number, size: number) => {
    new Uint32Array(memory.buffer, count, 1)[0] = 0;
    new Uint32Array(memory.buffer, size, 1)[0] = 0;
    return 0;
  };
  wasi.environ_get = () => 0;
  wasi.proc_exit = (code: number) => {
    throw new PlatformError(`wasm backend: the module exited with code ${code}`);
  };
  return {
    imports: { env: { memory }, wasi_snapshot_preview1: wasi },
    started: (instance) => new WasmModule(instance, memory, module),
  };
}
