import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValueError } from '../errors.js';
import { loadNativeBackend } from './native/index.js';
import { availableBackends, backendFor, getBackend, registerBackend, setBackend } from './registry.js';
import { loadWasmBackend } from './wasm/index.js';

const nativeBuilt = loadNativeBackend().backend !== undefined;
const wasmBuilt = loadWasmBackend().backend !== undefined;
// What the child imports: the registry and one op, not all of nabla (a child loads ~4× faster).
const sources = ['./registry.ts', '../ops/matmul.ts', '../tensor/creation.ts'].map((path) =>
  JSON.stringify(fileURLToPath(new URL(path, import.meta.url))),
);

interface Child {
  backend: string;
  available: string[];
  product: number[][];
  stderr: string;
}

/**
 * Runs a fresh Node process on nabla's sources with `nodeFlags` and `env`, and reports the default
 * backend, the available ones and [[1, 2]]·[[3], [4]] computed on it.
 */
function child(nodeFlags: string[], env: Record<string, string> = {}): Promise<Child> {
  const script = `const [r, { matmul }, { tensor }] = await Promise.all([${sources.join(', ')}].map((s) => import(s)));
const product = matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray();
console.log(JSON.stringify({ backend: r.getBackend().name, available: r.availableBackends(), product }));`;
  const args = [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script];
  const environment = { ...process.env, NABLA_BACKEND: '', ...env };
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { env: environment });
    let out = '';
    let stderr = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) reject(new Error(`the child exited with ${code}: ${stderr}`));
      else resolve({ ...JSON.parse(out), stderr });
    });
  });
}

// What a machine whose addon cannot be opened sees (a wrong glibc, a missing library, a build
// for another Node): every require of a .node file throws, as dlopen would.
const BROKEN_ADDON = `--import=data:text/javascript,process.dlopen = () => { throw new Error('simulated: cannot open shared object file'); };`;

test('the backends are listed slowest first: reference, wasm, native; the CPU device means the last', () => {
  const expected = ['reference', ...(wasmBuilt ? ['wasm'] : []), ...(nativeBuilt ? ['native'] : [])];
  assert.deepEqual(availableBackends().slice(0, expected.length), expected);
  // The CPU device means the fastest backend on it.
  assert.equal(backendFor('cpu').name, expected.at(-1));
});

test('a backend registered by hand goes after the built-in ones and is selectable', () => {
  const previous = getBackend().name;
  registerBackend({ ...getBackend(), name: 'registry-test' });
  assert.equal(availableBackends().at(-1), 'registry-test');
  setBackend('registry-test');
  try {
    assert.equal(getBackend().name, 'registry-test');
  } finally {
    setBackend(previous);
  }
});

test('setBackend refuses an unknown name with a ValueError listing the available ones', () => {
  assert.throws(
    () => setBackend('tpu'),
    (e) =>
      e instanceof ValueError &&
      /^setBackend: backend 'tpu' is not available \(available: reference/.test(e.message),
  );
});

if (wasmBuilt) {
  test('when the native addon cannot load, wasm is the default, said once on stderr', async () => {
    const r = await child([BROKEN_ADDON]);
    assert.equal(r.backend, 'wasm');
    assert.deepEqual(r.available, ['reference', 'wasm']);
    assert.deepEqual(r.product, [[11]]); // 1·3 + 2·4
    assert.equal(
      r.stderr.trim(),
      'nabla: native backend not loaded (simulated: cannot open shared object file); the default backend is wasm',
    );
  });

  test('NABLA_BACKEND=wasm makes wasm the default even where native loads', async () => {
    const r = await child([], { NABLA_BACKEND: 'wasm' });
    assert.equal(r.backend, 'wasm');
    assert.deepEqual(r.product, [[11]]);
  });
}

test('with neither the addon nor WebAssembly (node --jitless), the reference backend runs', async () => {
  const r = await child([BROKEN_ADDON, '--jitless']);
  assert.equal(r.backend, 'reference');
  assert.deepEqual(r.available, ['reference']);
  assert.deepEqual(r.product, [[11]]);
  const why = wasmBuilt
    ? 'dist/nabla.wasm cannot be instantiated (this JavaScript engine has no WebAssembly)'
    : 'dist/nabla.wasm was not built (npm run build:wasm needs clang and lld)';
  assert.match(
    r.stderr,
    new RegExp(
      `^nabla: native backend not loaded \\(simulated: cannot open shared object file\\), nor the wasm backend \\(${why.replace(/[()/.]/g, '\\$&')}\\); the default backend is reference$`,
      'm',
    ),
  );
});
