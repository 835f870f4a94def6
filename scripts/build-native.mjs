// Builds the native backend (binding.gyp → build/Release/nabla_native.node) with node-gyp.
// Run by `npm install`. It never fails the install: nabla works without the addon, on the wasm
// backend the package ships (else the reference one), so a missing compiler only costs speed and
// this says so in one line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function fail(reason) {
  console.log(`nabla: native backend not built (${reason}); nabla will run on its wasm backend`);
  process.exit(0);
}

// node-gyp, in order: the one npm itself points lifecycle scripts at, the one bundled inside
// npm next to this node binary, one on PATH.
function findNodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, fromNpm];
  const prefix = dirname(dirname(process.execPath));
  for (const npmDir of [join(prefix, 'lib', 'node_modules', 'npm'), join(prefix, 'node_modules', 'npm')]) {
    const script = join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (existsSync(script)) return [process.execPath, script];
  }
  const onPath = spawnSync('node-gyp', ['--version'], {
    stdio: 'ignore',
    shell: process.platform === 'win32',
  });
  return onPath.status === 0 ? ['node-gyp'] : undefined;
}

// node-gyp downloads Node's headers unless told where they are. Prefer the ones installed with
// this node (there may be no network), unless npm was configured with a nodedir already.
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

if (process.env.NABLA_SKIP_NATIVE) fail('NABLA_SKIP_NATIVE is set');
const started = performance.now();
console.log('nabla: compiling the native backend with node-gyp (about half a minute)...');
const nodeGyp = findNodeGyp();
if (!nodeGyp) fail('node-gyp not found');
const [command, ...prefixArgs] = nodeGyp;
const args = [...prefixArgs, 'rebuild', '--release', '--jobs=max', ...nodedirArgs()];
const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
if (result.error) fail(`node-gyp did not start: ${result.error.message}`);
if (result.status !== 0) {
  // Keep the compiler's own words for whoever wants to fix it, but off the install's output.
  const log = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  // The most telling line: a compiler's "error:", a gyp stack "Error: ...", else make's failure.
  const lines = log.split('\n');
  const firstError =
    lines.find((line) => /error:/i.test(line)) ??
    lines.find((line) => /error/i.test(line) && !line.startsWith('gyp info'));
  fail(firstError ? firstError.trim().slice(0, 200) : `node-gyp exited with ${result.status}`);
}
if (!existsSync(join(root, 'build', 'Release', 'nabla_native.node'))) fail('node-gyp produced no addon');
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`nabla: native backend built in ${seconds} s (build/Release/nabla_native.node)`);
