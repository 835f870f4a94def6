/**
 * The wasm backend against the native one on one thread: sgemm GFLOP/s at 128³, 256³ and 512³,
 * and an elementwise add, each with the share of the time its copies into and out of the
 * module's memory take (NOTE(wasm-memory) in src/backends/wasm/module.ts).
 *
 * Run alone on the machine: `flock /tmp/nabla-heavy.lock env NABLA_NUM_THREADS=1 npx tsx bench/sgemm-wasm.ts`
 * (`--quick` shortens the warm-up for a smoke run; its numbers are not for NOTES.md).
 * `--against FILE` adds a column for another build of the module (e.g. the one before a kernel
 * change, copied aside), timed in the same interleaved rounds: a before/after in one run.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { addonBackend, loadNativeBackend } from '../src/backends/native/index.js';
import { referenceBackend } from '../src/backends/reference/index.js';
import type { Backend, GemmShape, View } from '../src/backends/types.js';
import { loadWasmBackend } from '../src/backends/wasm/index.js';
import { instantiateWasmSync } from '../src/backends/wasm/module.js';
import { stagedAddon } from '../src/backends/wasm/staged-addon.js';
import { wasmThreads } from '../src/backends/wasm/threads.js';
import { timeCall } from './timing.js';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, against: { type: 'string' } } });
const quick = args.quick === true;
const protocol = { minSampleMs: 30, samples: quick ? 3 : 7, warmupMinMs: quick ? 100 : 500 };
// The machine is shared: the calls of a row are timed in ROUNDS interleaved rounds, and each
// call's fastest round counts.
const ROUNDS = quick ? 1 : 3;

const random = (length: number) => new Float32Array(length).map(() => Math.random() - 0.5);

/** Milliseconds per call of each of `calls`: the best median over ROUNDS interleaved rounds. */
function fastest(calls: (() => void)[]): number[] {
  const best = calls.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < ROUNDS; round++) {
    calls.forEach((call, i) => {
      best[i] = Math.min(best[i]!, timeCall(call, protocol).medianMs);
    });
  }
  return best;
}

// What staging costs: the same bytes copied into one scratch array and the output copied back.
function copyCall(inputs: Float32Array[], output: Float32Array): () => void {
  const scratch = new Float32Array(inputs.reduce((n, a) => n + a.length, 0) + output.length);
  return () => {
    let at = 0;
    for (const a of inputs) {
      scratch.set(a, at);
      at += a.length;
    }
    output.set(scratch.subarray(at, at + output.length));
  };
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`.padStart(8);

function sgemmRow(size: number, backends: Backend[]): string {
  const a = random(size * size);
  const b = random(size * size);
  const out = new Float32Array(size * size);
  const g: GemmShape = {
    batch: 1,
    m: size,
    n: size,
    k: size,
    transA: false,
    transB: false,
    strideA: 0,
    strideB: 0,
  };
  // The reference's triple loop (~0.3 GFLOP/s) would take minutes here: not timed. The wasm
  // call copies a and b in, out in (accumulate may read it) and out back.
  const timed = backends.filter((be) => be.name !== 'reference');
  const times = fastest([
    ...timed.map((be) => () => be.kernels.matmul(a, b, out, g)),
    copyCall([a, b, out], out),
  ]);
  const cells = backends.map((be) =>
    be.name === 'reference' ? '-' : ((2 * size ** 3) / (times[timed.indexOf(be)]! * 1e6)).toFixed(1),
  );
  return (
    `sgemm ${size}³ (GFLOP/s)`.padEnd(28) +
    cells.map((c) => c.padStart(9)).join(' ') +
    percent(times.at(-1)!, times[0]!)
  );
}

function addRow(length: number, backends: Backend[]): string {
  const a = random(length);
  const b = random(length);
  const out = new Float32Array(length);
  const view = (data: Float32Array): View => ({ data, offset: 0, strides: [1] });
  const times = fastest([
    ...backends.map((be) => () => be.kernels.binary('add', view(a), view(b), [length], out)),
    copyCall([a, b], out),
  ]);
  const cells = times.slice(0, backends.length).map((t) => ((t * 1e6) / length).toFixed(2).padStart(9));
  return `add ${length} (ns/element)`.padEnd(28) + cells.join(' ') + percent(times.at(-1)!, times[0]!);
}

// Another build of the module (a threaded one: it imports its memory), on one thread.
function againstAddon(path: string) {
  const module = instantiateWasmSync(new Uint8Array(readFileSync(path)));
  return stagedAddon(module, wasmThreads(module));
}

function main(): void {
  const wasm = loadWasmBackend().backend;
  const native = loadNativeBackend().backend;
  if (!wasm) {
    console.log(`wasm backend unavailable: ${loadWasmBackend().reason}`);
    return;
  }
  native?.setNumThreads(1);
  const against = args.against === undefined ? [] : [addonBackend(againstAddon(args.against), 'against')];
  const backends = [wasm, ...against, ...(native ? [native] : []), referenceBackend];
  console.log(
    `one thread; best of ${ROUNDS} rounds of the median of ${protocol.samples} samples of ≥ ${protocol.minSampleMs} ms`,
  );
  console.log(
    `${''.padEnd(28)}${backends.map((b) => b.name.padStart(9)).join(' ')}  copies (share of the wasm time)`,
  );
  for (const size of [128, 256, 512]) console.log(sgemmRow(size, backends));
  for (const length of [4096, 65536, 1048576]) console.log(addRow(length, backends));
}

main();
