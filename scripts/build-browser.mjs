// Builds the browser build of nabla with esbuild: dist/browser.js, one ES module holding the whole
// core (src/browser.ts: every export of `nabla`, with the wasm backend loaded on import from the
// nabla.wasm beside it), and, when the wasm module was built, dist/browser-inline.js, the same with
// the module's bytes inside (one file to copy, no second request). Run by `npm run build` after
// scripts/build-wasm.mjs. The core reaches Node only through src/platform/node.js at run time, so
// bundling it for the browser resolves no Node module; any that slipped in fails the build here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const wasm = join(root, 'dist', 'nabla.wasm');

const common = {
  entryPoints: [join(root, 'src', 'browser.ts')],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  // Top-level await loads the module before the first op; every browser with wasm SIMD has it.
  supported: { 'top-level-await': true },
  legalComments: 'none',
  logLevel: 'warning',
};

// Replaces src/platform/browser-wasm-source.ts with a module returning the bytes of dist/nabla.wasm.
const inlineWasm = {
  name: 'inline-wasm',
  setup(b) {
    b.onLoad({ filter: /browser-wasm-source\.ts$/ }, () => ({
      contents: `const b = '${readFileSync(wasm).toString('base64')}';
export function wasmSource() { return Uint8Array.from(atob(b), (c) => c.charCodeAt(0)); }`,
      loader: 'js',
    }));
  },
};

await build({ ...common, outfile: join(root, 'dist', 'browser.js') });
if (existsSync(wasm)) {
  await build({ ...common, outfile: join(root, 'dist', 'browser-inline.js'), plugins: [inlineWasm] });
  console.log('browser build: dist/browser.js (loads dist/nabla.wasm) and dist/browser-inline.js');
} else {
  console.log('browser build: dist/browser.js (no dist/nabla.wasm, so no inline build)');
}
