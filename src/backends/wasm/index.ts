/**
 * The WebAssembly backend: the native backend's C++ kernels compiled to wasm32 with 128-bit SIMD
 * (scripts/build-wasm.mjs), called through the native backend's own kernel table. Its tensors
 * are the CPU allocator's typed arrays (NOTE(wasm-memory) in module.ts), so its device is 'cpu'
 * and a tensor runs on it, the reference and the native backend without a copy. The default in
 * Node when the addon does not load (NOTE(backend-order) in ../registry.ts); `NABLA_BACKEND=wasm`
 * or `setBackend('wasm')` picks it anywhere.
 */
import { addonBackend } from '../native/index.js';
import type { Backend } from '../types.js';
import { loadWasmModule, onWasmModule } from './load.js';
import { stagedAddon } from './staged-addon.js';

/** What loading the wasm backend gave: the backend, or why it is unavailable. */
export interface WasmLoad {
  readonly backend: Backend | undefined;
  readonly reason: string | undefined;
}

let loaded: WasmLoad | undefined;
// A module that initWasm loads later (a page) replaces an earlier "unavailable".
onWasmModule(() => {
  loaded = undefined;
});

export { initWasm } from './load.js';

/**
 * The wasm backend, loaded on first call (never at import).
 * @example
 * const { backend, reason } = loadWasmBackend();
 * backend?.name; // 'wasm' where dist/nabla.wasm was built; else `reason` says why not
 */
export function loadWasmBackend(): WasmLoad {
  if (!loaded) {
    const { module, reason } = loadWasmModule();
    loaded = { backend: module && addonBackend(stagedAddon(module), 'wasm'), reason };
  }
  return loaded;
}
