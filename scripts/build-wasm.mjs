// Builds the WebAssembly backend's module, dist/nabla.wasm, from the native backend's own C++
// sources (one source of truth for both): every native/*.cc except what speaks to Node or to the
// x86 CPU directly, plus native/wasm/*.cc (the module's side of binding.h). Run by
// `npm run build` (so the package ships the module and a user's install needs no compiler) and
// by `npm run build:wasm`; CI installs Debian's clang, lld and the wasm32 wasi-libc / libc++.
//
// Without clang it says so in one line and exits 0 (nabla works without the module: the wasm
// backend is then unavailable); a compile error exits 1. Objects are kept in build/wasm-objects/
// and compiled again only when a source or header is newer (\`npm run build\` empties dist/;
// node-gyp's rebuild empties build/, which is why the module does not live there).
// Environment: NABLA_WASM_CLANG (the clang++ to use, default clang++), NABLA_WASI_SYSROOT (where
// include/wasm32-wasi and lib/wasm32-wasi are, default /usr as Debian installs them).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'native');
const output = join(root, 'dist', 'nabla.wasm');
const objects = join(root, 'build', 'wasm-objects');
const clang = process.env.NABLA_WASM_CLANG || 'clang++';
const sysroot = process.env.NABLA_WASI_SYSROOT || '/usr';

// N-API glue (binding.cc, memory.cc's V8 blocks), the thread pool (NOTE(wasm-threads) in
// native/thread-pool.h) and the x86 kernels stay out; native/wasm/ stands in for the first two.
const EXCLUDED = new Set(['binding.cc', 'memory.cc', 'thread-pool.cc']);
const isX86Only = (file) => /-(avx2|avx512)\.cc$/.test(file);

function sources() {
  const shared = readdirSync(nativeDir)
    .filter((f) => f.endsWith('.cc') && !EXCLUDED.has(f) && !isX86Only(f))
    .map((f) => join(nativeDir, f));
  const own = readdirSync(join(nativeDir, 'wasm'))
    .filter((f) => f.endsWith('.cc'))
    .map((f) => join(nativeDir, 'wasm', f));
  return [...shared, ...own].sort();
}

// Whether `object` is newer than its source and every header (any kernel may include any).
function upToDate(object, source) {
  if (!existsSync(object)) return false;
  const built = statSync(object).mtimeMs;
  const headers = readdirSync(nativeDir)
    .filter((f) => f.endsWith('.h'))
    .map((f) => join(nativeDir, f));
  return [source, ...headers, fileURLToPath(import.meta.url)].every((f) => statSync(f).mtimeMs <= built);
}

function skip(reason) {
  console.log(`nabla: WebAssembly kernels not built (${reason}); the wasm backend is unavailable`);
  process.exit(0);
}

function fail(args, output) {
  console.error(output);
  console.error(`nabla: building dist/nabla.wasm failed: ${clang} ${args.join(' ')}`);
  process.exit(1);
}

function run(args) {
  const result = spawnSync(clang, args, { encoding: 'utf8' });
  if (result.error) skip(`${clang} did not start: ${result.error.message}`);
  if (result.status !== 0) fail(args, `${result.stdout}${result.stderr}`);
}

// Compiles one source, resolving once clang has finished.
function compile(args) {
  return new Promise((done) => {
    const child = spawn(clang, args);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => skip(`${clang} did not start: ${error.message}`));
    child.on('close', (status) => (status === 0 ? done() : fail(args, output)));
  });
}

// Runs the compiles `jobs` at a time (one per core).
async function compileAll(commands, jobs) {
  const queue = [...commands];
  const worker = async () => {
    for (let args = queue.shift(); args !== undefined; args = queue.shift()) await compile(args);
  };
  await Promise.all(Array.from({ length: jobs }, worker));
}

const COMPILE = [
  '--target=wasm32-wasi',
  `--sysroot=${sysroot}`,
  '-msimd128',
  '-O3',
  '-std=c++17',
  // As the addon (binding.gyp): contracted products, and libm calls that need not set errno.
  '-ffp-contract=fast',
  '-fno-math-errno',
  // Threads (NOTE(wasm-threads) in native/thread-pool.h): atomics, passive data segments, and
  // thread_local variables in each instance's own block (clang 14 has only the local-exec model
  // for wasm32-wasi). Function statics are first reached on the calling thread, so they need no
  // guard. No exceptions (a failed check() returns a status), no RTTI.
  '-matomics',
  '-mbulk-memory',
  '-ftls-model=local-exec',
  '-fno-exceptions',
  '-fno-rtti',
  '-fno-threadsafe-statics',
];
// Flags for one source, each measured in bench/NOTES.md (Session 7, wasm). gemm-portable.cc, the
// sgemm the module runs: clang 14's loop strength reduction turns the micro-kernel's constant
// offsets (a[1], a[2], b + 4) into i32.adds, which V8 emits as one lea each (5 of ~31 x64
// instructions per depth step); without it they stay load offsets (`v128.load32_splat offset=4`)
// that V8 folds into the address. 256³–512³ ran 6–10% faster.
const FILE_FLAGS = { 'gemm-portable.cc': ['-mllvm', '-disable-lsr'] };
// A reactor: no main; JavaScript calls _initialize (the static constructors) once, then the
// exports (malloc and free among them, for JavaScript's staging area in the module's memory).
//
// The memory is imported and shared, up to 4 GiB (what wasm32 addresses), so workers can be
// instances on it; wasm-ld then makes the data segments passive, initialised once by the first
// instance. Debian's wasi-libc is built without atomics, which wasm-ld would refuse for a shared
// memory (--no-check-features lets it link): of it the module uses the string and math functions,
// which keep no state, and the allocator, which every allocation function of the module reaches
// through a lock (--wrap, native/wasm/thread-pool.cc). A page that cannot share memory runs the
// same module on an unshared one (src/backends/wasm/module.ts).
const ALLOCATORS = ['malloc', 'free', 'calloc', 'realloc', 'aligned_alloc', 'posix_memalign'];
const LINK = [
  '--target=wasm32-wasi',
  `--sysroot=${sysroot}`,
  '-mexec-model=reactor',
  '-Wl,--shared-memory,--import-memory,--max-memory=4294967296,--no-check-features',
  ...ALLOCATORS.map((name) => `-Wl,--wrap=${name}`),
  '-Wl,--strip-all',
];

if (process.argv.includes('--force')) rmSync(objects, { recursive: true, force: true });
if (spawnSync(clang, ['--version'], { stdio: 'ignore' }).status !== 0) skip(`${clang} not found`);
const started = performance.now();
mkdirSync(objects, { recursive: true });
mkdirSync(dirname(output), { recursive: true });
const objectFiles = [];
const commands = [];
for (const source of sources()) {
  const object = join(objects, `${source.slice(nativeDir.length + 1).replaceAll('/', '-')}.o`);
  objectFiles.push(object);
  const own = FILE_FLAGS[source.slice(nativeDir.length + 1)] ?? [];
  if (!upToDate(object, source)) commands.push([...COMPILE, ...own, '-c', source, '-o', object]);
}
await compileAll(commands, availableParallelism());
run([...LINK, ...objectFiles, '-o', output]);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`nabla: built dist/nabla.wasm (${statSync(output).size} bytes) in ${seconds} s`);
