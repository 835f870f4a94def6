/**
 * Where the browser build finds the wasm module: the `nabla.wasm` beside the script (dist/ holds
 * both). The inline build (scripts/build-browser.mjs) swaps this file for one that returns the
 * module's bytes. Bundlers that know `new URL(…, import.meta.url)` (Vite, webpack 5) copy the file.
 * @example
 * String(wasmSource()).endsWith('/nabla.wasm'); // => true
 */
export function wasmSource(): URL | Uint8Array {
  return new URL('./nabla.wasm', import.meta.url);
}
