/**
 * nabla for a web page: everything `nabla` exports, with the wasm backend loaded and made active
 * on import. The browser build (`dist/browser.js`, bundled by scripts/build-browser.mjs) fetches
 * the `nabla.wasm` that sits beside it; `dist/browser-inline.js` carries the module's bytes
 * inside, one file to copy. Either is imported with one line:
 *
 *     import * as nabla from './nabla/dist/browser.js';
 *
 * If the module cannot be loaded, the page says why once on the console and runs on the reference
 * backend (plain JavaScript). In Node this entry is `nabla` itself: the backends load as there.
 * @packageDocumentation
 */
import { initWasm, setBackend } from './index.js';
import { wasmSource } from './platform/browser-wasm-source.js';
import { notice } from './platform/env.js';
import { isNode } from './platform/node.js';

export * from './index.js';

if (!isNode()) {
  try {
    await initWasm(wasmSource());
    setBackend('wasm');
  } catch (error) {
    notice(
      `nabla: the wasm backend is unavailable (${(error as Error).message}); using the reference backend`,
    );
  }
}
