import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlatformError } from '../../errors.js';
import { tensor } from '../../index.js';
import { builtFileBytes } from '../../platform/node.js';
import { getBackend, setBackend } from '../registry.js';
import { loadWasmBackend } from './index.js';
import { initWasm, loadWasmModule } from './load.js';

const bytes = builtFileBytes('nabla.wasm', 'the test');
const distUrl = new URL('../../../dist/nabla.wasm', import.meta.url);

test('initWasm refuses bytes that are not a WebAssembly module, naming itself', async () => {
  await assert.rejects(
    initWasm(new Uint8Array([1, 2, 3, 4])),
    (e) => e instanceof PlatformError && /^initWasm: the bytes are not a WebAssembly module/.test(e.message),
  );
});

test('initWasm refuses a URL it cannot read, naming the URL', async () => {
  const missing = new URL('./no-such-module.wasm', import.meta.url);
  await assert.rejects(
    initWasm(missing),
    (e) => e instanceof PlatformError && e.message.includes('no-such-module.wasm'),
  );
});

if (bytes === undefined) {
  test('without dist/nabla.wasm the backend says why it is unavailable', () => {
    assert.match(loadWasmModule().reason!, /nabla\.wasm was not built/);
  });
} else {
  test('initWasm loads the module from its bytes; setBackend("wasm") then runs on it', async () => {
    await initWasm(bytes.slice().buffer);
    const before = getBackend();
    try {
      setBackend('wasm');
      assert.equal(getBackend().name, 'wasm');
      // [[1, 2], [3, 4]] · [[1, 0], [1, 1]] = [[3, 2], [7, 4]]
      const product = tensor([
        [1, 2],
        [3, 4],
      ]).matmul(
        tensor([
          [1, 0],
          [1, 1],
        ]),
      );
      assert.deepEqual(product.toArray(), [
        [3, 2],
        [7, 4],
      ]);
    } finally {
      setBackend(before.name);
    }
  });

  // The bytes with export `name` renamed (its last letter made 'X'): a module whose kernel list
  // still names the function but that no longer exports it, as a build stopped half-way or mixed
  // from two versions leaves it.
  function withoutExport(wasm: Uint8Array, name: string): Uint8Array {
    const copy = wasm.slice();
    const wanted = new TextEncoder().encode(name);
    let at = 8;
    const leb = (): number => {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = copy[at++]!;
        value |= (byte & 0x7f) << shift;
        if (byte < 0x80) return value;
      }
    };
    while (at < copy.length) {
      const id = copy[at++]!;
      const size = leb();
      if (id !== 7) {
        at += size;
        continue;
      }
      for (let count = leb(), i = 0; i < count; i++) {
        const length = leb();
        const bytes = copy.subarray(at, at + length);
        if (length === wanted.length && bytes.every((b, j) => b === wanted[j])) {
          bytes[length - 1] = 'X'.charCodeAt(0);
          return copy;
        }
        at += length + 1; // the name, then the kind
        leb(); // the index
      }
    }
    throw new Error(`no export ${name}`);
  }

  test('a module missing a kernel export is refused at load, naming the export', async () => {
    // Before this check it loaded, and training failed at the first softmax gradient.
    await assert.rejects(
      initWasm(withoutExport(bytes, 'softmaxBackward')),
      (e) =>
        e instanceof PlatformError &&
        e.message ===
          'initWasm: the module lacks the export softmaxBackward; use the nabla.wasm of the same build',
    );
    // The module loaded before stays in place.
    assert.equal(loadWasmModule().module?.signatures.softmaxBackward, 'f32,f32,size,size,f32->void');
  });

  test('initWasm reads a file: URL in Node and replaces the module the backend is built on', async () => {
    const first = loadWasmBackend().backend;
    await initWasm(distUrl);
    const second = loadWasmBackend().backend;
    assert.ok(first && second && first !== second);
    assert.equal(loadWasmModule().reason, undefined);
  });
}
