/**
 * nabla as a user gets it: a copy of the repository is packed with `npm pack` (which builds dist/
 * through `prepare`), the tarball is installed with no network into a scratch project, and the
 * scratch project uses it from ESM, from CommonJS, from TypeScript and from the command line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';

interface PackageJson {
  version: string;
  main: string;
  types: string;
  files: string[];
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
}
interface LockEntry {
  version: string;
  dependencies?: Record<string, string>;
}

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
const work = mkdtempSync(join(tmpdir(), 'nabla-package-'));
const app = join(work, 'app');
const installed = join(app, 'node_modules', 'nabla');
const repoAddon = join(root, 'build', 'Release', 'nabla_native.node');

// `npm test` exports npm_* settings meant for itself (its global prefix among them); the nested npm
// keeps only the cache, where the offline install finds its tarballs. The outer run's backend
// choice must not leak in either.
const inherited = (key: string): boolean =>
  key === 'npm_config_cache' || (!key.startsWith('npm_') && key !== 'NABLA_BACKEND');
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => inherited(key)),
);
env.NABLA_NUM_THREADS = '1';

function run(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const said = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed (${result.error ?? ''}):\n${said}`);
  return result.stdout;
}

/** Runs a script written into the scratch project and returns the JSON it printed last. */
function runScript(name: string, source: string): unknown {
  writeFileSync(join(app, name), source);
  const lines = run(process.execPath, [name], app).trim().split('\n');
  return JSON.parse(lines.at(-1) ?? '');
}

/** Packs a copy of the repository (dist/ is rebuilt there; the repository's own is left alone). */
function pack(): string {
  const stage = join(work, 'stage');
  const sources = ['package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.build.json', 'src'];
  for (const entry of [...sources, ...pkg.files.filter((f) => f !== 'dist')]) {
    cpSync(join(root, entry), join(stage, entry), { recursive: true, preserveTimestamps: true });
  }
  // The wasm kernels' objects, still newer than their sources: the pack's build only links them.
  const wasmObjects = join(root, 'build', 'wasm-objects');
  if (existsSync(wasmObjects)) {
    cpSync(wasmObjects, join(stage, 'build', 'wasm-objects'), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'junction');
  run('npm', ['pack', '--pack-destination', work], stage);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, `npm pack wrote no tarball into ${work}`);
  return join(work, tarball);
}

/**
 * The scratch project: nabla's tarball as its one dependency, installed offline. npm resolves a
 * version range from the registry's full package document, which the repository's install never
 * fetched (its lockfile pins versions), so the scratch project gets a lockfile too, pinning
 * nabla's dependencies to our lockfile's versions and integrities; npm takes them from its cache.
 */
function install(tarball: string): void {
  mkdirSync(app);
  const spec = `file:${relative(app, tarball)}`;
  const ours = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  // npm links bins and runs install scripts from what the lockfile says.
  const nabla = { version: pkg.version, resolved: spec, integrity, hasInstallScript: true, bin: pkg.bin };
  const packages: Record<string, unknown> = {
    '': { name: 'scratch', dependencies: { nabla: spec } },
    'node_modules/nabla': { ...nabla, dependencies: pkg.dependencies },
  };
  const pending = Object.keys(pkg.dependencies);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const entry = ours.packages[`node_modules/${name}`];
    assert.ok(entry, `package-lock.json has no entry for nabla's dependency ${name}`);
    packages[`node_modules/${name}`] = entry;
    pending.push(...Object.keys(entry.dependencies ?? {}));
  }
  const manifest = { name: 'scratch', private: true, dependencies: { nabla: spec } };
  writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  const lock = { name: 'scratch', lockfileVersion: 3, requires: true, packages };
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(lock, null, 2));
  // The addon's compile at install is what `npm install` in the repository does already (and
  // takes minutes here); its loading from the installed package is tested below.
  run('npm', ['install', '--offline', '--no-audit', '--no-fund'], app, { NABLA_SKIP_NATIVE: '1' });
}

before(() => install(pack()));
// rmSync unlinks the staging folder's node_modules link; it does not follow it.
after(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(installed, join(entry.parentPath, entry.name)));
}

test('the installed package holds the LICENSE and every entry point, and no test code or source map', () => {
  const files = filesUnder(installed);
  assert.match(readFileSync(join(installed, 'LICENSE'), 'utf8'), /^MIT License[\s\S]*the nabla authors/);
  const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  for (const target of [...targets, pkg.main, pkg.types, ...Object.values(pkg.bin)]) {
    assert.ok(files.includes(join(target)), `${target} is not in the package`);
  }
  assert.deepEqual(
    files.filter((f) => /\.test\.|\.map$|^src\//.test(f)),
    [],
  );
  const js = files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
  assert.ok(js.length > 100, `only ${js.length} files in dist/`);
  const importsTestRunner = js.filter((f) => readFileSync(join(installed, f), 'utf8').includes('node:test'));
  assert.deepEqual(importsTestRunner, []);
});

// [[1, 2], [3, 4]]² = [[7, 10], [15, 22]], which sums to 54; d/dw Σw² = 2w; LeNet-5 for 10 classes
// has 61,706 parameters; crop keeps [batch, channels] and takes height 2, width 3.
const expected = {
  sum: 54,
  grad: [2, 4, 6],
  lenet5: 61706,
  crop: [1, 1, 2, 3],
  words: ['Call', 'me', 'Ishmael', '.'],
};
const body = `
const x = tensor([[1, 2], [3, 4]]);
const result = {
  sum: x.matmul(x).sum().item(),
  grad: [...grad((w) => w.mul(w).sum())(tensor([1, 2, 3])).data()],
  lenet5: lenet5().parameters().reduce((n, p) => n + p.size, 0),
  crop: crop(zeros([1, 1, 4, 4]), 1, 1, 2, 3).shape,
  words: wordTokenize('Call me Ishmael.'),
};`;

test("import from an ES module: 'nabla' and its subpaths", () => {
  const source = `
import { grad, tensor, zeros } from 'nabla';
import { lenet5 } from 'nabla/models';
import { wordTokenize } from 'nabla/text';
import { crop } from 'nabla/vision';
${body}
console.log(JSON.stringify(result));`;
  assert.deepEqual(runScript('use.mjs', source), expected);
});

test("require from CommonJS: 'nabla' and its subpaths, the same module instances as import", () => {
  const source = `
const { grad, tensor, zeros, Tensor } = require('nabla');
const { lenet5 } = require('nabla/models');
const { wordTokenize } = require('nabla/text');
const { crop } = require('nabla/vision');
${body}
import('nabla').then((esm) => {
  console.log(JSON.stringify({ ...result, sameTensorClass: esm.Tensor === Tensor }));
});`;
  assert.deepEqual(runScript('use.cjs', source), { ...expected, sameTensorClass: true });
});

test('TypeScript finds the types from ESM and CommonJS (nodenext) and from a bundler setup', () => {
  const use = `
import { type Tensor, tensor } from 'nabla';
import { lenet5 } from 'nabla/models';
import { wordTokenize } from 'nabla/text';
import { crop } from 'nabla/vision';
const x: Tensor = crop(tensor([[[[1, 2], [3, 4]]]]), 0, 0, 1, 1);
const n: number = x.sum().item() + lenet5().parameters().length + wordTokenize('a b').length;
export { n };`;
  const ts = join(app, 'ts');
  mkdirSync(ts);
  for (const file of ['use.mts', 'use.cts', 'use.ts']) writeFileSync(join(ts, file), use);
  // No @types/node: the shipped declarations must stand on their own (checked once: skipLibCheck
  // off costs seconds, and their validity does not depend on the module setting).
  const options = { strict: true, noEmit: true, target: 'ES2022', types: [] };
  const configs = {
    'nodenext.json': {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      skipLibCheck: false,
      files: ['use.mts', 'use.cts'],
    },
    'bundler.json': {
      module: 'preserve',
      moduleResolution: 'bundler',
      skipLibCheck: true,
      files: ['use.ts'],
    },
  };
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [name, { files, ...compilerOptions }] of Object.entries(configs)) {
    writeFileSync(
      join(ts, name),
      JSON.stringify({ compilerOptions: { ...options, ...compilerOptions }, files }),
    );
    run(process.execPath, [tsc, '-p', name], ts);
  }
});

test('the native addon loads from the installed package (when the repository built one)', () => {
  const built = existsSync(repoAddon);
  if (built) {
    mkdirSync(join(installed, 'build', 'Release'), { recursive: true });
    copyFileSync(repoAddon, join(installed, 'build', 'Release', 'nabla_native.node'));
  }
  const source = `const { availableBackends } = require('nabla');
console.log(JSON.stringify(availableBackends()));`;
  const wasm = existsSync(join(installed, 'dist', 'nabla.wasm'));
  // Slowest first (NOTE(backend-order) in src/backends/registry.ts).
  const expected = ['reference', ...(wasm ? ['wasm'] : []), ...(built ? ['native'] : [])];
  assert.deepEqual(runScript('backends.cjs', source), expected);
});

test('the wasm backend runs from the installed package (when the repository built its module)', () => {
  // The pack's build compiles the module again wherever clang is (scripts/build-wasm.mjs).
  const built = existsSync(join(root, 'dist', 'nabla.wasm'));
  assert.equal(existsSync(join(installed, 'dist', 'nabla.wasm')), built);
  const source = `const { getBackend, matmul, setBackend, tensor } = require('nabla');
let result;
try {
  setBackend('wasm');
  result = [getBackend().name, matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray()];
} catch (error) {
  result = error.constructor.name;
}
console.log(JSON.stringify(result));`;
  assert.deepEqual(runScript('wasm.cjs', source), built ? ['wasm', [[11]]] : 'ValueError');
});

test('the nabla command runs from the installed package', () => {
  const out = run(process.execPath, [join('node_modules', '.bin', 'nabla'), 'info'], app);
  assert.match(out, new RegExp(`^nabla ${pkg.version.replaceAll('.', '\\.')}$`, 'm'));
});
