import { ValueError } from '../errors.js';
import { getEnv, notice } from '../platform/env.js';
import { isNode } from '../platform/node.js';
import { loadNativeBackend } from './native/index.js';
import { referenceBackend } from './reference/index.js';
import type { Backend, Kernels, Memory } from './types.js';
import { loadWasmBackend } from './wasm/index.js';

// NOTE(backend-order): registered slowest first — reference, wasm, native, then any a user
// registers — and without a choice the last one runs: native when its addon loads, else wasm when
// its module loads, else reference.
const BUILT_IN = [referenceBackend.name, 'wasm', 'native'];
const backends = new Map<string, Backend>([[referenceBackend.name, referenceBackend]]);
let active: Backend | undefined;
let nativeProbed = false;
// The wasm backend this registry added (a module that initWasm loads later replaces it).
let wasmAdded: Backend | undefined;

// Adds a built-in backend in its place in NOTE(backend-order).
function place(backend: Backend): void {
  backends.set(backend.name, backend);
  const entries = [...backends];
  const builtIn = BUILT_IN.flatMap((name) => entries.filter(([n]) => n === name));
  const others = entries.filter(([n]) => !BUILT_IN.includes(n));
  backends.clear();
  for (const [n, b] of [...builtIn, ...others]) backends.set(n, b);
}

// Adds the wasm backend when its module loads and no backend of that name was registered by
// hand. Compiling the module costs ~10 ms, so a process running on native never asks for it.
function addWasm(): void {
  const { backend } = loadWasmBackend();
  if (backend && backends.get(backend.name) === wasmAdded) {
    wasmAdded = backend;
    place(backend);
  }
}

/**
 * The registered backends. The native addon loads on first need, never at import (`import
 * 'nabla'` stays free of it); the wasm module loads when `withWasm` asks for it or when native
 * did not load (it is then the default).
 */
function registered(withWasm: boolean): Map<string, Backend> {
  if (!nativeProbed) {
    nativeProbed = true;
    const { backend: native, reason } = loadNativeBackend();
    if (native && !backends.has(native.name)) place(native);
    if (!native && isNode()) notice(fallbackNotice(reason!));
  }
  if (withWasm || !backends.has('native')) addWasm();
  return backends;
}

// Said once in Node when the addon did not load: why, and what runs instead.
function fallbackNotice(nativeReason: string): string {
  const { backend: wasm, reason: wasmReason } = loadWasmBackend();
  const wasmPart = wasm ? '' : `, nor the wasm backend (${wasmReason})`;
  return `nabla: native backend not loaded (${nativeReason})${wasmPart}; the default backend is ${wasm ? 'wasm' : 'reference'}`;
}

/**
 * Makes a backend selectable by name. A later registration under the same name replaces it.
 * @example
 * registerBackend({ ...getBackend(), name: 'renamed' });
 * availableBackends().includes('renamed'); // => true
 */
export function registerBackend(backend: Backend): void {
  registered(false).set(backend.name, backend);
}

/**
 * The names of the backends that are available in this process, fastest last: 'reference', then
 * 'wasm' where its module loads, 'native' where the addon loads, and any registered by hand.
 * @example
 * availableBackends()[0]; // => 'reference'
 */
export function availableBackends(): string[] {
  return [...registered(true).keys()];
}

/**
 * Selects the backend that runs every following op: 'reference', 'wasm' (the native kernels
 * compiled to WebAssembly), 'native', or one registered by hand.
 * @example
 * setBackend('reference');
 */
export function setBackend(name: string): void {
  const backend = registered(name === 'wasm').get(name);
  if (!backend && name === 'wasm') {
    throw new ValueError(`setBackend: backend 'wasm' is not available: ${loadWasmBackend().reason}`);
  }
  if (!backend) {
    throw new ValueError(
      `setBackend: backend '${name}' is not available (available: ${availableBackends().join(', ')})`,
    );
  }
  active = backend;
}

/**
 * The active backend: the one set by {@link setBackend}, else `NABLA_BACKEND`, else the fastest
 * one registered (native when its addon loads, else wasm, else reference; NOTE(backend-order)).
 * @example
 * setBackend('reference');
 * getBackend().name; // => 'reference'
 */
export function getBackend(): Backend {
  if (active) return active;
  const fromEnv = getEnv('NABLA_BACKEND');
  if (fromEnv) setBackend(fromEnv);
  else active = [...registered(false).values()].at(-1)!;
  return active!;
}

/** The active backend's kernel table (the ops' only way to reach kernels). */
export function kernels(): Kernels {
  return (active ?? getBackend()).kernels;
}

/** The active backend's allocator (for scratch buffers and the engine's reclaiming). */
export function memory(): Memory {
  return (active ?? getBackend()).memory;
}

/**
 * The backend that `target` names: a backend's name, or a device (the first backend, fastest
 * first, whose memory is that device).
 * @example
 * backendFor('cpu').memory.device; // => 'cpu'
 */
export function backendFor(target: string): Backend {
  const all = registered(target === 'wasm');
  const named = all.get(target);
  if (named) return named;
  const onDevice = [...all.values()].reverse().find((b) => b.memory.device === target);
  if (onDevice) return onDevice;
  const devices = [...new Set([...all.values()].map((b) => b.memory.device))];
  throw new ValueError(
    `to: '${target}' is neither a backend (${availableBackends().join(', ')}) nor a device (${devices.join(', ')})`,
  );
}

/**
 * Runs `fn` with `backend` active, then restores the backend that was active before.
 * @example
 * withBackend(getBackend(), () => 1 + 1); // => 2
 */
export function withBackend<T>(backend: Backend, fn: () => T): T {
  const previous = getBackend();
  active = backend;
  try {
    return fn();
  } finally {
    active = previous;
  }
}
