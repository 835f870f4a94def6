/**
 * Where the wasm backend's module comes from: in Node, the file the build put in dist/ (read
 * synchronously on first use); in a page, the bytes {@link initWasm} fetched or was given (a page
 * cannot read a file synchronously, and browsers refuse to compile a large module synchronously
 * on the main thread). The browser build calls initWasm on import (src/browser.ts).
 */
import { PlatformError } from '../../errors.js';
import { fetchBytes } from '../../platform/fetch-bytes.js';
import { builtFileBytes, isNode } from '../../platform/node.js';
import { nativeSignatures } from '../native/signatures.js';
import { instantiateWasm, instantiateWasmSync, type WasmModule } from './module.js';
import { STAGED_FUNCTIONS } from './staged-addon.js';

/** What loading the module gave: the module, or why it is unavailable. */
export interface WasmModuleLoad {
  readonly module: WasmModule | undefined;
  readonly reason: string | undefined;
}

let loaded: WasmModuleLoad | undefined;
const listeners: (() => void)[] = [];

/**
 * The module: the one {@link initWasm} loaded, else (in Node) dist/nabla.wasm, loaded on first
 * call; undefined with a reason when it was not built, was not loaded yet in a page, or when a
 * function's signature differs from native/signatures.ts (a stale build).
 * @example
 * loadWasmModule().module?.signatures.matmul; // 'f32,f32,f32,size,size,size,size,bool,bool,size,size,bool,f32?->void'
 */
export function loadWasmModule(): WasmModuleLoad {
  if (!loaded) loaded = loadFromDist();
  return loaded;
}

/**
 * Calls `listener` whenever {@link initWasm} replaces the module (the backend rebuilds on it).
 * @example
 * onWasmModule(() => console.log('a new wasm module'));
 */
export function onWasmModule(listener: () => void): void {
  listeners.push(listener);
}

/**
 * Loads the wasm backend's module from a URL or from its bytes, without blocking: what a page does
 * before `setBackend('wasm')` (the browser build, `nabla/browser`, does it on import with the
 * `nabla.wasm` beside it). A URL is fetched (in Node, a `file:` URL is read). Throws a
 * PlatformError saying why when the bytes are not nabla's module or cannot be fetched.
 * @example
 * import { builtFileBytes } from '../../platform/node.js';
 * const bytes = builtFileBytes('nabla.wasm', 'the example'); // a page would pass a URL
 * if (bytes) await initWasm(bytes);
 */
export async function initWasm(source: string | URL | ArrayBuffer | Uint8Array): Promise<void> {
  const bytes =
    source instanceof Uint8Array
      ? source
      : source instanceof ArrayBuffer
        ? new Uint8Array(source)
        : await fetchBytes(source, 'the wasm backend');
  let module: WasmModule;
  try {
    module = await instantiateWasm(bytes);
  } catch (error) {
    throw new PlatformError(
      `initWasm: the bytes are not a WebAssembly module nabla can run (${(error as Error).message})`,
    );
  }
  const missing = missingFunctions(module);
  if (missing.length > 0) {
    throw new PlatformError(
      `initWasm: the module lacks the export${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; use the nabla.wasm of the same build`,
    );
  }
  const stale = staleFunctions(module);
  if (stale.length > 0) {
    throw new PlatformError(
      `initWasm: the module does not match this version of nabla (${stale.join(', ')}); use the nabla.wasm of the same build`,
    );
  }
  loaded = { module, reason: undefined };
  for (const listener of listeners) listener();
}

function loadFromDist(): WasmModuleLoad {
  if (!isNode()) {
    return {
      module: undefined,
      reason: 'its module is not loaded: call `await initWasm(url or bytes)` first (nabla/browser does)',
    };
  }
  const bytes = builtFileBytes('nabla.wasm', 'the wasm backend');
  if (!bytes) {
    return {
      module: undefined,
      reason: 'dist/nabla.wasm was not built (npm run build:wasm needs clang and lld)',
    };
  }
  let module: WasmModule;
  try {
    module = instantiateWasmSync(bytes);
  } catch (error) {
    // No WebAssembly here (`node --jitless`), or a module this engine cannot compile.
    return {
      module: undefined,
      reason: `dist/nabla.wasm cannot be instantiated (${(error as Error).message})`,
    };
  }
  const missing = missingFunctions(module);
  if (missing.length > 0) {
    return {
      module: undefined,
      reason: `dist/nabla.wasm lacks the export${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (a stale or broken build): run npm run build:wasm`,
    };
  }
  const stale = staleFunctions(module);
  if (stale.length > 0) {
    return {
      module: undefined,
      reason: `dist/nabla.wasm does not match this version (${stale.join(', ')}): run npm run build:wasm`,
    };
  }
  return { module, reason: undefined };
}

// The functions the backend calls that the module does not export: found here, at load, so nabla
// falls back to another backend instead of failing at the first call of the missing kernel.
function missingFunctions(module: WasmModule): string[] {
  const absent = STAGED_FUNCTIONS.filter((name) => module.signatures[name] === undefined);
  return [...new Set([...module.missingExports, ...absent])];
}

// The functions whose signature differs from the one this version's kernels call with.
function staleFunctions(module: WasmModule): string[] {
  const declared: Record<string, string> = nativeSignatures;
  return Object.entries(module.signatures)
    .filter(([name, signature]) => declared[name] !== signature)
    .map(([name]) => name);
}
