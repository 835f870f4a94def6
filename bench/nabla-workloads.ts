/**
 * The nabla side of the benchmark suite: the workloads of `bench/workloads.md`, timed with
 * `bench/timing.ts`, one JSON line per result on stdout (the schema the peers print, with
 * `"peer": "nabla"` and the backend name).
 *
 *   npx tsx bench/nabla-workloads.ts --workloads mlp --threads 1 [--backend reference|native]
 *                                    [--lib dist/index.js]
 *
 * `bench/run.ts` starts one such process per (workload, thread count).
 *
 * The library is imported dynamically so that `--lib` can point at another build (e.g. the
 * compiled `dist/index.js`; the zoo is loaded from `models/index.js` beside it);
 * {@link NablaApi} (`nabla-api.ts`) is the subset of the public API used here.
 *
 * Training and inference lines also carry `peak_rss_mb` and `rss_before_mb`: the process's peak
 * resident memory during one more step after the timed ones (`memory.ts`).
 *
 * A build that lacks some of these (checked with `typeof`) makes that workload print
 * `{"peer":"nabla","workload":...,"error":"nabla API incomplete: missing ..."}` and a one-line
 * message on stderr, and the process exits 0 — it does not crash.
 */

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { INFER_WORKLOADS } from './infer-workloads.js';
import { stepMemory } from './memory.js';
import type { NablaApi } from './nabla-api.js';
import {
  inferResult,
  isInference,
  type ResultLine,
  SGEMM_SHAPES,
  sgemmResult,
  timeCall,
  timeTrainSteps,
  trainResult,
  WORKLOADS,
  type Workload,
} from './timing.js';
import { randomRows, TRAIN_WORKLOADS } from './train-workloads.js';

/** The names each workload needs, as dotted paths into the barrel. */
const NEEDS: Record<Workload, string[]> = {
  mlp: ['rand', 'randint', 'nn.Sequential', 'nn.Linear', 'nn.ReLU', 'crossEntropy', 'optim.SGD'],
  cnn: [
    'rand',
    'randint',
    'nn.Sequential',
    'nn.Conv2d',
    'nn.ReLU',
    'nn.MaxPool2d',
    'nn.Flatten',
    'nn.Linear',
    'crossEntropy',
    'optim.SGD',
  ],
  lstm: ['tensor', 'nn.Embedding', 'nn.LSTM', 'nn.Linear', 'crossEntropy', 'optim.Adam'],
  sgemm: ['tensor', 'matmul'],
  resnet20: [
    'rand',
    'randint',
    'nn.Sequential',
    'models.ConvNormAct',
    'models.BasicBlock',
    'nn.GlobalAvgPool',
    'nn.Linear',
    'crossEntropy',
    'optim.SGD',
  ],
  transformer: [
    'tensor',
    'nn.Embedding',
    'nn.PositionalEmbedding',
    'nn.TransformerEncoder',
    'nn.TransformerEncoderLayer',
    'nn.LayerNorm',
    'nn.Linear',
    'crossEntropy',
    'optim.AdamW',
  ],
  'infer-resnet18': ['rand', 'noGrad', 'models.resnet18'],
  'infer-mobilenetv2': ['rand', 'noGrad', 'models.mobilenetV2'],
};
const ALWAYS = ['manualSeed', 'setNumThreads'];

function missingNames(lib: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((name) => {
    let value: unknown = lib;
    for (const part of name.split('.')) {
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    }
    return typeof value !== 'function';
  });
}

/**
 * Loads the library under test: `src/` by default, or `--lib PATH` (e.g. the built `dist/index.js`),
 * with its zoo (`models/index.js` beside it) as `models` when there is one.
 */
async function loadNabla(path: string | undefined): Promise<Record<string, unknown>> {
  // A computed specifier keeps this file type-checking before src/index.ts exists.
  const specifier = path
    ? pathToFileURL(resolve(path)).href
    : new URL('../src/index.js', import.meta.url).href;
  const lib = (await import(specifier)) as Record<string, unknown>;
  let models: unknown;
  try {
    models = await import(new URL('./models/index.js', specifier).href);
  } catch {
    // an older build without a zoo: the workloads that need it report the missing names
  }
  return { ...lib, models };
}

/** Times one training or inference workload and measures its memory on one more step. */
function timeWorkload(
  nb: NablaApi,
  peer: string,
  w: Exclude<Workload, 'sgemm'>,
  threads: number,
): ResultLine {
  const step = isInference(w) ? INFER_WORKLOADS[w](nb) : TRAIN_WORKLOADS[w](nb);
  const timing = timeTrainSteps(step);
  const line = isInference(w) ? inferResult(peer, w, threads, timing) : trainResult(peer, w, threads, timing);
  const memory = stepMemory(step);
  return memory ? { ...line, peak_rss_mb: memory.peakRssMb, rss_before_mb: memory.rssBeforeMb } : line;
}

// ---- The workloads (bench/workloads.md; training ones in train-workloads.ts) ----

function sgemm(nb: NablaApi, peer: string, threads: number, emit: (line: ResultLine) => void): void {
  for (const shape of SGEMM_SHAPES) {
    const [m, k, n] = shape;
    const uniform = (): number => Math.random() * 2 - 1;
    const a = nb.tensor(randomRows(m, k, uniform));
    const b = nb.tensor(randomRows(k, n, uniform));
    // C overwritten (beta = 0), as workloads.md defines it and as the PyTorch peer's `out=c`.
    const c = nb.matmul(a, b);
    emit(
      sgemmResult(
        peer,
        shape,
        threads,
        timeCall(() => void nb.matmul(a, b, { out: c })),
      ),
    );
  }
}

// ---- Command line ----

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workloads: { type: 'string', default: WORKLOADS.join(',') },
      threads: { type: 'string', default: '1' },
      backend: { type: 'string' },
      lib: { type: 'string' },
    },
  });
  const workloads = values.workloads.split(',').filter(Boolean) as Workload[];
  const threads = Number(values.threads);
  const backend = values.backend ?? process.env.NABLA_BACKEND;
  const peer = 'nabla';
  const emit = (line: ResultLine): void => {
    process.stdout.write(`${JSON.stringify(backend ? { ...line, backend } : line)}\n`);
  };
  const fail = (workload: Workload, error: string): void => emit({ peer, workload, threads, error });

  let lib: Record<string, unknown>;
  try {
    lib = await loadNabla(values.lib);
  } catch (e) {
    const message = `cannot load ${values.lib ?? 'src/index.js'}: ${(e as Error).message.split('\n')[0]}`;
    console.error(`nabla-workloads: ${message}`);
    for (const w of workloads) fail(w, message);
    return;
  }
  const nb = lib as unknown as NablaApi;

  const ready = await configure(lib, nb, backend, threads);
  for (const w of workloads) {
    const missing = [...missingNames(lib, ALWAYS), ...missingNames(lib, NEEDS[w] ?? [])];
    if (ready !== true || missing.length > 0) {
      const message = ready !== true ? ready : `nabla API incomplete: missing ${missing.join(', ')}`;
      console.error(`nabla-workloads: ${w}: ${message}`);
      fail(w, message);
      continue;
    }
    try {
      nb.manualSeed(0);
      if (w === 'sgemm') sgemm(nb, peer, threads, emit);
      else emit(timeWorkload(nb, peer, w, threads));
    } catch (e) {
      fail(w, `${(e as Error).name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
}

/** Selects the backend and thread count; returns true or the reason it could not. */
async function configure(
  lib: Record<string, unknown>,
  nb: NablaApi,
  backend: string | undefined,
  threads: number,
): Promise<true | string> {
  if (!Number.isInteger(threads) || threads < 1) return `--threads must be a positive integer`;
  try {
    if (backend !== undefined) {
      if (missingNames(lib, ['setBackend']).length > 0) return 'nabla API incomplete: missing setBackend';
      await nb.setBackend(backend);
    }
    if (typeof nb.setNumThreads === 'function') await nb.setNumThreads(threads);
    return true;
  } catch (e) {
    return `cannot select backend ${backend ?? '(default)'} with ${threads} threads: ${(e as Error).message}`;
  }
}

await main();
