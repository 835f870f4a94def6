// The core is browser-safe: esbuild bundles the main entry for the browser with no errors, and the
// bundle trains a tiny model in a context that has a browser's globals and none of Node's.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'src/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'nabla',
    write: false,
    logLevel: 'silent',
  });
  assert.deepEqual(result.errors, []);
  return result.outputFiles[0]!.text;
}

// What a page has besides the language's own globals; no process, Buffer, require or module.
function browserContext(): object {
  return createContext({
    console,
    TextEncoder,
    TextDecoder,
    crypto: globalThis.crypto,
    performance,
    structuredClone,
    queueMicrotask,
    setTimeout,
    clearTimeout,
  });
}

test('the main entry bundles for the browser with no Node module, codec or addon in it', async () => {
  const code = await bundle();
  // A static import of a Node module or of the codecs (built on zlib) would have been an error
  // above; a leftover dynamic require would show as esbuild's __require shim.
  assert.doesNotMatch(code, /__require\(|from ["']node:/);
});

test('the browser bundle trains a tiny model on the reference backend without Node globals', async () => {
  const code = await bundle();
  const page = browserContext();
  runInContext(code, page);
  const script = `
    (() => {
      const { nn, optim, randn, crossEntropy, manualSeed, getBackend, availableBackends } = nabla;
      manualSeed(0);
      const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 2));
      const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
      const x = randn([64, 2]);
      const y = x.sum(1).gt(0).cast('int32');
      let first = 0;
      let last = 0;
      for (let step = 0; step < 150; step++) {
        const loss = crossEntropy(model.forward(x), y);
        if (step === 0) first = loss.item();
        last = loss.item();
        opt.zeroGrad();
        loss.backward();
        opt.step();
      }
      const accuracy = model.forward(x).argmax(1).eq(y).cast('float32').mean().item();
      return { backend: getBackend().name, available: availableBackends(), first, last, accuracy,
               hasProcess: typeof process !== 'undefined', hasBuffer: typeof Buffer !== 'undefined' };
    })()`;
  const result = runInContext(script, page) as Record<string, unknown>;
  assert.equal(result.hasProcess, false);
  assert.equal(result.hasBuffer, false);
  assert.equal(result.backend, 'reference');
  assert.equal(JSON.stringify(result.available), '["reference"]');
  assert.ok((result.last as number) < (result.first as number) / 4, JSON.stringify(result));
  assert.ok((result.accuracy as number) > 0.95, JSON.stringify(result));
});

test('Node-only features fail in the browser bundle with a PlatformError naming the feature', async () => {
  const code = await bundle();
  const page = browserContext();
  runInContext(code, page);
  const message = runInContext(
    `(() => { try { nabla.loadSafetensors('w.safetensors'); return 'no error'; }
              catch (e) { return e.name + ': ' + e.message; } })()`,
    page,
  ) as string;
  assert.match(message, /^PlatformError: reading files needs Node\.js/);
});

test('the browser build entry (src/browser.ts, what dist/browser.js is) bundles as an ES module with no Node module', async () => {
  const result = await build({
    entryPoints: [join(root, 'src/browser.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    supported: { 'top-level-await': true },
    write: false,
    logLevel: 'silent',
  });
  assert.deepEqual(result.errors, []);
  const code = result.outputFiles[0]!.text;
  assert.doesNotMatch(code, /__require\(|from ["']node:/);
  // It fetches the module beside itself, then makes the wasm backend active.
  assert.match(code, /new URL\("\.\/nabla\.wasm", import\.meta\.url\)/);
  assert.match(code, /await initWasm\(wasmSource\(\)\)/);
});
