/**
 * The wasm backend's workers (NOTE(wasm-threads) in native/thread-pool.h): each one instantiates
 * the module on its shared memory and sits in the module's worker loop (threadsWorker in
 * native/wasm/thread-pool.cc), taking shares of the kernels' parallelFor calls. In Node they are
 * `worker_threads`, unref'd so they never keep a process alive; in a page, Web Workers (which
 * need a cross-origin-isolated page for the shared memory). Where the memory is not shared there
 * are no workers and the pool has one thread.
 */
import { PlatformError } from '../../errors.js';
import { getEnv } from '../../platform/env.js';
import { isNode, nodeBuiltin } from '../../platform/node.js';
import type { CompiledWasm, WasmMemory, WasmModule } from './module.js';

/** The most threads the module's pool takes (kMaxThreads in native/wasm/thread-pool.cc). */
export const MAX_WASM_THREADS = 64;

// What a worker runs: instantiate, set its stack, serve jobs until the pool stops. A trap in a
// task is reported to the pool (so the caller does not wait for it) and the worker serves on.
const SERVE = `
function serve({ module, memory, id, stackTop }) {
  const wasi = {};
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    if (from === 'wasi_snapshot_preview1') wasi[name] = () => 52;
  }
  const pool = new WebAssembly.Instance(module, { env: { memory }, wasi_snapshot_preview1: wasi }).exports;
  for (let first = 1; ; first = 0) {
    pool.threadsSetStack(stackTop);
    try {
      pool.threadsWorker(id, first);
      return;
    } catch {
      pool.threadsTrapped();
    }
  }
}
`;

interface WorkerStart {
  readonly module: CompiledWasm;
  readonly memory: WasmMemory;
  readonly id: number;
  readonly stackTop: number;
}

interface Stoppable {
  terminate(): unknown;
}

// A worker of this platform running SERVE on `start`.
function startWorker(start: WorkerStart): Stoppable {
  if (isNode()) {
    const { Worker } = nodeBuiltin<typeof import('node:worker_threads')>(
      'node:worker_threads',
      'wasm threads',
    );
    const worker = new Worker(`${SERVE}\nserve(require('node:worker_threads').workerData);`, {
      eval: true,
      workerData: start,
    });
    worker.unref();
    return worker;
  }
  const scope = globalThis as unknown as {
    Worker?: new (url: string) => Stoppable & { postMessage(data: unknown): void };
    Blob: new (parts: string[], options: { type: string }) => object;
    URL: { createObjectURL(blob: object): string };
  };
  if (scope.Worker === undefined)
    throw new PlatformError('wasm threads need Web Workers, which this page lacks');
  const url = scope.URL.createObjectURL(
    new scope.Blob([`${SERVE}\nonmessage = (event) => serve(event.data);`], { type: 'text/javascript' }),
  );
  const worker = new scope.Worker(url);
  worker.postMessage(start);
  return worker;
}

/**
 * The threads the wasm backend starts with: NABLA_NUM_THREADS where set, else the machine's
 * cores (as the native backend), one where the memory is not shared.
 * @example
 * defaultWasmThreads(); // 2 on a two-core machine, 1 with NABLA_NUM_THREADS=1
 */
export function defaultWasmThreads(): number {
  const set = Number(getEnv('NABLA_NUM_THREADS'));
  if (Number.isInteger(set) && set >= 1) return Math.min(set, MAX_WASM_THREADS);
  const cores = isNode()
    ? nodeBuiltin<typeof import('node:os')>('node:os', 'wasm threads').availableParallelism()
    : ((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(cores, MAX_WASM_THREADS));
}

const pools = new WeakMap<WasmModule, WasmThreads>();

/**
 * The threads of `module`: one per module, since its workers' stacks are the module's (two sets of
 * workers would share them).
 * @example
 * import { instantiateWasmSync } from './module.js';
 * import { builtFileBytes } from '../../platform/node.js';
 * const bytes = builtFileBytes('nabla.wasm', 'the example');
 * const module = bytes && instantiateWasmSync(bytes);
 * if (module) {
 *   const threads = wasmThreads(module);
 *   threads.resize(2); // the memory is shared in Node
 *   threads.size(); // => 2
 *   threads.stop();
 * }
 */
export function wasmThreads(module: WasmModule): WasmThreads {
  let threads = pools.get(module);
  if (!threads) {
    threads = new WasmThreads(module);
    pools.set(module, threads);
  }
  return threads;
}

/** The module's pool seen from JavaScript: how many threads take part, and the workers behind them. */
export class WasmThreads {
  private readonly workers: Stoppable[] = [];
  private threads = 1;
  private stopped = false;

  /** Use {@link wasmThreads}: one per module. */
  constructor(private readonly module: WasmModule) {
    // A page's main thread may not block in memory.atomic.wait: it polls there instead.
    const mainPage = !isNode() && typeof (globalThis as { document?: unknown }).document !== 'undefined';
    module.threads.threadsCallerMayWait(mainPage ? 0 : 1);
  }

  /** Threads taking part in a kernel's parallelFor, the calling one included. */
  size(): number {
    return this.threads;
  }

  /**
   * Uses `threads` threads from the next kernel on (starting workers as needed); 1 where the memory
   * is not shared or after {@link stop}. Throws a RangeError outside [1, 64].
   */
  resize(threads: number): void {
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
      throw new RangeError(`setNumThreads expects an integer in [1, ${MAX_WASM_THREADS}], got ${threads}`);
    }
    const wanted = this.module.isShared() && !this.stopped ? threads : 1;
    const pool = this.module.threads;
    try {
      for (let id = this.workers.length + 1; id < wanted; id++) {
        const slot = pool.threadsPrepare(id);
        if (slot === 0) throw new RangeError(`nabla wasm: no memory for the stack of thread ${id}`);
        const stackTop = new Uint32Array(this.module.memory.buffer, slot, 1)[0]!;
        this.workers.push(
          startWorker({ module: this.module.compiled, memory: this.module.memory, id, stackTop }),
        );
      }
    } finally {
      // As many threads as there are workers, when starting one failed (a page whose policy
      // forbids workers). A worker that fails later, while it starts, only never claims a task:
      // the caller does every task that no worker claimed.
      this.threads = pool.threadsResize(Math.min(wanted, this.workers.length + 1));
    }
  }

  /** Ends every worker for good; the pool is back to the calling thread alone. */
  stop(): void {
    this.stopped = true;
    this.module.threads.threadsStop();
    for (const worker of this.workers.splice(0)) worker.terminate();
    this.threads = 1;
  }
}
