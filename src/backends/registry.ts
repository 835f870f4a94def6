import { ValueError } from '../errors.js';
import { getEnv } from '../platform/env.js';
import { loadNativeBackend } from './native/index.js';
import { referenceBackend } from './reference/index.js';
import type { Backend, Kernels, Memory } from './types.js';
import { loadWasmBackend } from './wasm/index.js';

// Registered slowest first: without a choice, the last one (native, when it built) runs.
const backends = new Map<string, Backend>([[referenceBackend.name, referenceBackend]]);
let active: Backend | undefined;
let nativeProbed = false;

// Backends that load only when asked for by name (setBackend, NABLA_BACKEND): never the default,
// and absent from availableBackends() — so from every op's conformance run — until then.
const OPT_IN: Record<string, () => { backend: Backend | undefined; reason: string | undefined }> = {
  wasm: loadWasmBackend,
};

// Loads the opt-in backend `name` and registers it after the reference backend (it is slower than
// native), or returns why it cannot load.
function optIn(name: string): string | undefined {
  const { backend, reason } = OPT_IN[name]!();
  if (!backend) return reason;
  const others = [...backends].filter(([n]) => n !== referenceBackend.name && n !== name);
  backends.clear();
  backends.set(referenceBackend.name, referenceBackend);
  backends.set(name, backend);
  for (const [n, b] of others) backends.set(n, b);
  return undefined;
}

// The native addon loads on first need, never at import: `import 'nabla'` stays free of it.
function registered(): Map<string, Backend> {
  if (!nativeProbed) {
    nativeProbed = true;
    const native = loadNativeBackend().backend;
    if (native && !backends.has(native.name)) {
      // Keep "fastest last" even when a user registered a backend before the probe.
      const others = [...backends].filter(([name]) => name !== referenceBackend.name);
      backends.clear();
      backends.set(referenceBackend.name, referenceBackend);
      backends.set(native.name, native);
      for (const [name, b] of others) backends.set(name, b);
    }
    const wanted = getEnv('NABLA_BACKEND');
    if (wanted !== undefined && Object.hasOwn(OPT_IN, wanted)) optIn(wanted);
  }
  return backends;
}

/**
 * Makes a backend selectable by name. A later registration under the same name replaces it.
 * @example
 * registerBackend({ ...getBackend(), name: 'renamed' });
 * availableBackends().includes('renamed'); // => true
 */
export function registerBackend(backend: Backend): void {
  registered().set(backend.name, backend);
}

/**
 * The names of the backends that are available in this process, fastest last.
 * @example
 * availableBackends()[0]; // => 'reference'
 */
export function availableBackends(): string[] {
  return [...registered().keys()];
}

/**
 * Selects the backend that runs every following op. An opt-in backend ('wasm', the native
 * kernels compiled to WebAssembly) is loaded here on first request; it is never the default.
 * @example
 * setBackend('reference');
 */
export function setBackend(name: string): void {
  const why = !registered().has(name) && Object.hasOwn(OPT_IN, name) ? optIn(name) : undefined;
  if (why !== undefined) throw new ValueError(`setBackend: backend '${name}' is not available: ${why}`);
  const backend = registered().get(name);
  if (!backend) {
    throw new ValueError(
      `setBackend: backend '${name}' is not available (available: ${availableBackends().join(', ')})`,
    );
  }
  active = backend;
}

/**
 * The active backend: the one set by {@link setBackend}, else `NABLA_BACKEND`, else the fastest
 * one registered (the native backend when it built; never an opt-in one such as 'wasm').
 * @example
 * setBackend('reference');
 * getBackend().name; // => 'reference'
 */
export function getBackend(): Backend {
  if (active) return active;
  const fromEnv = getEnv('NABLA_BACKEND');
  if (fromEnv) setBackend(fromEnv);
  else active = [...registered().values()].filter((b) => !Object.hasOwn(OPT_IN, b.name)).at(-1)!;
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
  if (!registered().has(target) && Object.hasOwn(OPT_IN, target)) optIn(target);
  const all = registered();
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
