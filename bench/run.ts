/**
 * `npm run bench`: runs the workloads of `bench/workloads.md` on nabla and, with `--compare`, on
 * the peers (PyTorch CPU, TensorFlow.js CPU and WASM, jax-js's Wasm), prints a table and writes
 * results.json.
 *
 *   npm run bench -- [--workloads mlp,cnn,lstm,sgemm,resnet20,...] [--backend reference|native|wasm]
 *                    [--threads 1,2] [--compare | --peers pytorch,tfjs-cpu,tfjs-wasm,jax-js]
 *                    [--rounds 1] [--out bench/results.json]
 *
 * Every (peer, workload, thread count) runs in its own child process, strictly one after the
 * other: two benchmarks at once on a 2-core machine measure each other. A peer that is not
 * installed is reported as "not available" and does not fail the run.
 *
 * Besides the speed table it prints the inference latencies (ms) and the peak resident memory of
 * one step per process (nabla vs PyTorch), which results.json keeps as `peak_rss_mb`.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuSnapshot, hasAvx512, othersBusy, waitForQuiet } from './machine.js';
import {
  isInference,
  type ResultLine,
  SGEMM_SHAPES,
  shapeLabel,
  WORKLOADS,
  type Workload,
} from './timing.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const PEERS = ['nabla', 'pytorch', 'tfjs-cpu', 'tfjs-wasm', 'jax-js'] as const;
type Peer = (typeof PEERS)[number];
/** The workloads `peers/tfjs_bench.mjs` implements; tfjs is not run on the others. */
const TFJS_WORKLOADS: readonly Workload[] = ['mlp', 'cnn', 'lstm', 'sgemm'];
/** The workloads `peers/jax_bench.mjs` implements. */
const JAX_WORKLOADS: readonly Workload[] = ['mlp', 'sgemm'];

/** One child process to run. */
interface Job {
  peer: Peer;
  workload: Workload;
  threads: number;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const USAGE = `usage: npm run bench -- [options]
  --workloads mlp,cnn,...          which workloads (default: all: ${WORKLOADS.join(',')})
  --backend reference|native|wasm  nabla backend (sets NABLA_BACKEND; default: nabla's choice)
  --threads 1,2                    thread counts to run (default: 1,2)
  --compare                        also run PyTorch, tfjs-cpu, tfjs-wasm and jax-js
  --peers pytorch,tfjs-wasm        also run only these peers (pytorch, tfjs-cpu, tfjs-wasm, jax-js)
  --rounds N                       repeat everything N times, report the median round (default: 1)
  --out FILE                       results file (default: bench/results.json)
  --python PATH                    Python for the PyTorch peer (default: /usr/bin/python3)
  --lib PATH                       nabla module to benchmark (default: src/index.ts; e.g. dist/index.js)
  --idle-wait S                    before each benchmark, wait up to S s for other work to end (default: 120)
  --retries N                      re-run a benchmark disturbed by other processes up to N times (default: 2)
  --timeout S                      kill a benchmark process after S seconds (default: 900)`;

interface Options {
  workloads: Workload[];
  backend?: string;
  threads: number[];
  /** The peers run beside nabla (none without --compare or --peers). */
  peers: Peer[];
  rounds: number;
  out: string;
  python: string;
  timeoutS: number;
  lib?: string;
  idleWaitS: number;
  retries: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      workloads: { type: 'string', default: WORKLOADS.join(',') },
      backend: { type: 'string' },
      threads: { type: 'string', default: '1,2' },
      compare: { type: 'boolean', default: false },
      peers: { type: 'string' },
      rounds: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/results.json' },
      python: { type: 'string', default: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3' },
      timeout: { type: 'string', default: '900' },
      lib: { type: 'string' },
      'idle-wait': { type: 'string', default: '120' },
      retries: { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const workloads = values.workloads.split(',').filter(Boolean);
  for (const w of workloads) {
    if (!(WORKLOADS as readonly string[]).includes(w))
      usage(`unknown workload '${w}' (expected ${WORKLOADS.join(', ')})`);
  }
  const threads = values.threads.split(',').map(Number);
  if (threads.some((t) => !Number.isInteger(t) || t < 1))
    usage(`--threads must list positive integers, got '${values.threads}'`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    usage(`--rounds must be a positive integer, got '${values.rounds}'`);
  const peers = (values.peers ?? (values.compare ? PEERS.slice(1).join(',') : '')).split(',').filter(Boolean);
  for (const p of peers) {
    if (!(PEERS.slice(1) as readonly string[]).includes(p))
      usage(`unknown peer '${p}' (expected ${PEERS.slice(1).join(', ')})`);
  }
  const timeoutS = Number(values.timeout);
  if (!(timeoutS > 0)) usage(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
  if (values.backend !== undefined && !['reference', 'native', 'wasm'].includes(values.backend)) {
    usage(`--backend must be reference, native or wasm, got '${values.backend}'`);
  }
  return {
    workloads: workloads as Workload[],
    peers: peers as Peer[],
    backend: values.backend,
    threads,
    rounds,
    out: values.out,
    python: values.python,
    timeoutS,
    lib: values.lib,
    idleWaitS: Number(values['idle-wait']) || 0,
    retries: Math.max(0, Math.floor(Number(values.retries) || 0)),
  };
}

function usage(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function plan(opts: Options): Job[] {
  const tsx = (script: string, args: string[]): Pick<Job, 'command' | 'args'> => ({
    command: process.execPath,
    args: ['--import', 'tsx', resolve(BENCH_DIR, script), ...args],
  });
  const nablaEnv = opts.backend ? { ...process.env, NABLA_BACKEND: opts.backend } : process.env;
  // Debian's OpenBLAS does not recognise recent AVX-512 CPUs (Zen 4/5) and falls back to its
  // Haswell kernels at half speed; forcing SkylakeX fixes that, but crashes (SIGILL) without AVX-512.
  const torchEnv =
    hasAvx512() && process.env.OPENBLAS_CORETYPE === undefined
      ? { ...process.env, OPENBLAS_CORETYPE: 'SkylakeX' }
      : process.env;

  const jobs: Job[] = [];
  for (const workload of opts.workloads) {
    for (const threads of opts.threads) {
      const w = ['--workloads', workload, '--threads', String(threads)];
      const extra = opts.backend ? ['--backend', opts.backend] : [];
      if (opts.lib) extra.push('--lib', resolve(opts.lib));
      jobs.push({
        peer: 'nabla',
        workload,
        threads,
        env: nablaEnv,
        ...tsx('nabla-workloads.ts', [...w, ...extra]),
      });
      if (!opts.peers.includes('pytorch')) continue;
      jobs.push({
        peer: 'pytorch',
        workload,
        threads,
        env: torchEnv,
        command: opts.python,
        args: [resolve(BENCH_DIR, 'peers/torch_bench.py'), ...w],
      });
    }
    // TensorFlow.js is single-threaded in Node (its CPU backend is JavaScript; its WASM backend
    // disables threads there): one run, reported on the 1-thread rows.
    for (const backend of ['cpu', 'wasm'] as const) {
      if (!opts.peers.includes(`tfjs-${backend}`) || !TFJS_WORKLOADS.includes(workload)) continue;
      const args = ['--backend', backend, '--workloads', workload];
      jobs.push({
        peer: `tfjs-${backend}`,
        workload,
        threads: 1,
        env: process.env,
        ...tsx('peers/tfjs_bench.mjs', args),
      });
    }
    // jax-js's Wasm device has no worker pool in Node: one thread, on the 1-thread rows.
    if (opts.peers.includes('jax-js') && JAX_WORKLOADS.includes(workload)) {
      jobs.push({
        peer: 'jax-js',
        workload,
        threads: 1,
        env: process.env,
        ...tsx('peers/jax_bench.mjs', ['--workloads', workload]),
      });
    }
  }
  return jobs;
}

function isResultLine(x: unknown): x is ResultLine {
  if (x === null || typeof x !== 'object') return false;
  const r = x as Record<string, unknown>;
  return typeof r.peer === 'string' && typeof r.workload === 'string' && typeof r.threads === 'number';
}

/** Runs one job to completion and returns its result lines (an error line if it produced none). */
function runJob(job: Job, timeoutS: number): ResultLine[] {
  const started = Date.now();
  const child = spawnSync(job.command, job.args, {
    env: job.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines: ResultLine[] = [];
  for (const text of (child.stdout ?? '').split('\n')) {
    if (!text.startsWith('{')) continue; // libraries may print banners or warnings
    try {
      const parsed: unknown = JSON.parse(text);
      if (isResultLine(parsed)) lines.push(parsed);
    } catch {
      // not one of ours
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let failure: string | undefined;
  if (child.error) failure = `not available: ${child.error.message}`;
  else if (child.signal) failure = `killed by ${child.signal} after ${seconds} s`;
  else if (child.status !== 0) failure = `exited with ${child.status}: ${lastLine(child.stderr)}`;
  if (failure !== undefined && lines.length === 0) {
    lines.push({ peer: job.peer, workload: job.workload, threads: job.threads, error: failure });
  }
  for (const line of lines) {
    const what = line.error ? `error: ${line.error}` : describe(line);
    console.error(
      `  ${job.peer} ${line.workload}${line.shape ? ` ${line.shape}` : ''} threads=${line.threads}: ${what}`,
    );
  }
  console.error(`  (${seconds} s)`);
  return lines;
}

function lastLine(text: string | null): string {
  const lines = (text ?? '').trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

function describe(r: ResultLine): string {
  const value =
    r.workload === 'sgemm'
      ? `${r.gflops} GFLOP/s`
      : `${r.samples_per_s} ${isInference(r.workload) ? 'images/s' : 'samples/s'}`;
  const memory = r.peak_rss_mb !== undefined ? `, peak RSS ${r.peak_rss_mb} MB` : '';
  return `${value} (median ${r.median_ms} ms, p25 ${r.p25_ms}, p75 ${r.p75_ms}, ${r.steps} steps${memory})`;
}

/** Identifies one measured quantity across rounds. */
function keyOf(r: ResultLine): string {
  return `${r.peer}|${r.workload}|${r.threads}|${r.shape ?? ''}`;
}

/** For every quantity, the round with the median samples/s (errors only when no round succeeded). */
function medianOfRounds(all: readonly ResultLine[]): ResultLine[] {
  const groups = new Map<string, ResultLine[]>();
  for (const r of all) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return [...groups.values()].map((group) => {
    const ok = group
      .filter((r) => r.error === undefined)
      .sort((a, b) => (a.samples_per_s ?? 0) - (b.samples_per_s ?? 0));
    const median = ok[Math.floor((ok.length - 1) / 2)];
    return median ? { ...median, rounds: ok.length } : (group[0] as ResultLine);
  });
}

function formatNumber(x: number): string {
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  return x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** The comparison table: one row per (workload[, shape], threads); sgemm rows in GFLOP/s. */
function table(results: readonly ResultLine[], opts: Options): string {
  const value = (r: ResultLine | undefined): number | undefined =>
    r === undefined || r.error !== undefined
      ? undefined
      : r.workload === 'sgemm'
        ? r.gflops
        : r.samples_per_s;
  const find = (peer: Peer, workload: Workload, threads: number, shape?: string): ResultLine | undefined =>
    results.find(
      (r) => r.peer === peer && r.workload === workload && r.threads === threads && r.shape === shape,
    );
  const cell = (r: ResultLine | undefined, ran: boolean): string => {
    const v = value(r);
    return v !== undefined ? formatNumber(v) : ran ? 'n/a' : '';
  };

  const header = [
    'workload',
    'threads',
    opts.backend ? `nabla (${opts.backend})` : 'nabla',
    'pytorch',
    'nabla/pytorch',
    'tfjs-cpu',
    'tfjs-wasm',
    'nabla/tfjs-wasm',
    'jax-js',
    'nabla/jax-js',
  ];
  const rows: string[][] = [];
  for (const workload of opts.workloads) {
    const shapes = workload === 'sgemm' ? SGEMM_SHAPES.map(shapeLabel) : [undefined];
    for (const shape of shapes) {
      for (const threads of opts.threads) {
        const nabla = find('nabla', workload, threads, shape);
        const torch = find('pytorch', workload, threads, shape);
        const ratio =
          value(nabla) !== undefined && value(torch)
            ? (value(nabla) as number) / (value(torch) as number)
            : undefined;
        // The JavaScript peers run one thread: their numbers are on the 1-thread rows.
        const single = (peer: Peer): string =>
          opts.peers.includes(peer) && threads === 1 ? cell(find(peer, workload, 1, shape), true) : '';
        const versus = (peer: Peer): string => {
          const theirs = threads === 1 ? value(find(peer, workload, 1, shape)) : undefined;
          return value(nabla) !== undefined && theirs ? ((value(nabla) as number) / theirs).toFixed(2) : '';
        };
        rows.push([
          shape
            ? `sgemm ${shape} (GFLOP/s)`
            : `${workload} (${isInference(workload) ? 'images/s' : 'samples/s'})`,
          String(threads),
          cell(nabla, true),
          cell(torch, opts.peers.includes('pytorch')),
          ratio !== undefined ? ratio.toFixed(2) : '',
          single('tfjs-cpu'),
          single('tfjs-wasm'),
          versus('tfjs-wasm'),
          single('jax-js'),
          versus('jax-js'),
        ]);
      }
    }
  }
  return formatTable(header, rows);
}

/** Columns padded to their widest cell: the first left-aligned, the others right-aligned. */
function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (row: string[]): string =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}

/**
 * nabla beside PyTorch for one field of the result lines (inference latency, peak memory), one
 * row per (workload, threads) that has it; `ratio` is nabla / PyTorch.
 */
function sideBySide(
  results: readonly ResultLine[],
  opts: Options,
  workloads: readonly Workload[],
  field: 'median_ms' | 'peak_rss_mb',
  unit: string,
): string | undefined {
  const get = (peer: Peer, workload: Workload, threads: number): number | undefined => {
    const r = results.find((x) => x.peer === peer && x.workload === workload && x.threads === threads);
    return r?.error === undefined ? r?.[field] : undefined;
  };
  const rows: string[][] = [];
  for (const workload of workloads) {
    for (const threads of opts.threads) {
      const nabla = get('nabla', workload, threads);
      const torch = get('pytorch', workload, threads);
      if (nabla === undefined && torch === undefined) continue;
      const show = (x: number | undefined): string => (x === undefined ? '' : formatNumber(x));
      const ratio = nabla !== undefined && torch ? (nabla / torch).toFixed(2) : '';
      rows.push([`${workload} (${unit})`, String(threads), show(nabla), show(torch), ratio]);
    }
  }
  if (rows.length === 0) return undefined;
  return formatTable(['workload', 'threads', 'nabla', 'pytorch', 'nabla/pytorch'], rows);
}

/** One line per peer/workload that could not run, with the first reason given. */
function unavailable(results: readonly ResultLine[]): string[] {
  const seen = new Map<string, string>();
  for (const r of results) {
    if (r.error !== undefined && !seen.has(`${r.peer} ${r.workload}`))
      seen.set(`${r.peer} ${r.workload}`, r.error);
  }
  return [...seen].map(([what, error]) => `${what}: not available (${error})`);
}

const QUIET = 0.1;
const pct = (x: number | undefined): number | null => (x === undefined ? null : Math.round(x * 100));

/**
 * Runs a job when the machine is quiet and measures how much CPU other processes took meanwhile;
 * when that was more than 10%, runs it again (up to `opts.retries` times) and keeps the least
 * disturbed attempt. Result lines carry `others_busy_during_pct`, the noise indicator.
 */
function runQuietly(job: Job, opts: Options): ResultLine[] {
  let best: { lines: ResultLine[]; during: number | undefined } | undefined;
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    waitForQuiet(opts.idleWaitS);
    const start = cpuSnapshot();
    const lines = runJob(job, opts.timeoutS);
    const during = othersBusy(start, cpuSnapshot());
    if (best === undefined || (during ?? 0) < (best.during ?? 0)) best = { lines, during };
    if (during === undefined || during <= QUIET || lines.every((l) => l.error !== undefined)) break;
    const again = attempt < opts.retries ? ': running it again' : '';
    console.error(`  other processes used ${pct(during)}% of the CPU meanwhile${again}`);
  }
  const during = pct(best?.during);
  return (best?.lines ?? []).map((line) => ({ ...line, others_busy_during_pct: during }));
}

function main(): void {
  const opts = parseOptions();
  const jobs = plan(opts);
  const raw: ResultLine[] = [];
  for (let round = 1; round <= opts.rounds; round++) {
    jobs.forEach((job, i) => {
      const roundText = opts.rounds > 1 ? `round ${round}/${opts.rounds}, ` : '';
      console.error(
        `[${roundText}${i + 1}/${jobs.length}] ${job.peer} ${job.workload} threads=${job.threads}`,
      );
      for (const line of runQuietly(job, opts)) raw.push({ ...line, round });
    });
  }
  const results = medianOfRounds(raw);

  console.log(`\n${table(results, opts)}`);
  const latency = sideBySide(results, opts, opts.workloads.filter(isInference), 'median_ms', 'ms, batch 1');
  if (latency) console.log(`\nInference latency, median of one forward pass (lower is better):\n${latency}`);
  const memory = sideBySide(
    results,
    opts,
    opts.workloads.filter((w) => w !== 'sgemm' && !isInference(w)),
    'peak_rss_mb',
    'MB',
  );
  if (memory) console.log(`\nPeak RSS of one training step, whole process (lower is better):\n${memory}`);
  if (opts.peers.some((p) => p.startsWith('tfjs') || p === 'jax-js'))
    console.log('tfjs and jax-js run single-threaded in Node: their numbers are on the 1-thread rows.');
  for (const line of unavailable(results)) console.log(line);

  const out = resolve(opts.out);
  mkdirSync(dirname(out), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      avx512: hasAvx512(),
      node: process.version,
    },
    options: { ...opts, backend: opts.backend ?? process.env.NABLA_BACKEND ?? null },
    results,
    raw,
  };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const shown = relative(process.cwd(), out);
  console.log(`wrote ${shown.startsWith('..') ? out : shown}`);
}

main();
