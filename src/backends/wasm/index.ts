/**
 * The WebAssembly backend: the native backend's C++ kernels compiled to wasm32 with 128-bit SIMD
 * (scripts/build-wasm.mjs), called through the native backend's own kernel table. Its tensors
 * are the CPU allocator's typed arrays (NOTE(wasm-memory) in module.ts), so its device is 'cpu'
 * and a tensor runs on it, the reference and the native backend without a copy. The default in
 * Node when the addon does not load (NOTE(backend-order) in ../registry.ts); `NABLA_BACKEND=wasm`
 * or `setBackend('wasm')` picks it anywhere.
 */

import { notice } from '../../platform/env.js';
import { addonBackend } from '../native/index.js';
import type { NativeAddon } from '../native/signatures.js';
import type { Backend } from '../types.js';
import { loadWasmModule, onWasmModule } from './load.js';
import { stagedAddon } from './staged-addon.js';
import { defaultWasmThreads, type WasmThreads, wasmThreads } from './threads.js';

/** What loading the wasm backend gave: the backend, or why it is unavailable. */
export interface WasmLoad {
  readonly backend: Backend | undefined;
  readonly reason: string | undefined;
}

let loaded: WasmLoad | undefined;
let threads: WasmThreads | undefined;
let addon: NativeAddon | undefined;
// A module that initWasm loads later (a page) replaces an earlier one or an "unavailable"; the
// old module's workers end.
onWasmModule(() => {
  loaded = undefined;
  threads?.stop();
  threads = undefined;
  addon = undefined;
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
    if (module) {
      threads = wasmThreads(module);
      try {
        threads.resize(defaultWasmThreads());
      } catch (error) {
        notice(`nabla: the wasm backend runs on ${threads.size()} thread(s): ${(error as Error).message}`);
      }
      addon = stagedAddon(module, threads);
    }
    loaded = { backend: addon && addonBackend(addon, 'wasm'), reason };
  }
  return loaded;
}

/**
 * The module behind the wasm backend as the native addon's interface (for kernels outside the
 * kernel table, such as word2vec's), on the backend's threads; undefined where it is unavailable.
 * @example
 * loadWasmAddon()?.numThreads(); // the wasm backend's threads
 */
export function loadWasmAddon(): NativeAddon | undefined {
  loadWasmBackend();
  return addon;
}
