/**
 * Where a training step's time goes, kernel by kernel: wraps every kernel of the active backend
 * with a timer (keyed by kernel name and, for matmul, its shape) and runs one workload's step.
 *
 *   NABLA_NUM_THREADS=1 npx tsx bench/kernel-time.ts cnn 30
 */
import { getBackend } from '../src/backends/registry.js';
import type { GemmShape } from '../src/backends/types.js';
import * as nabla from '../src/index.js';
import type { TrainWorkload } from './timing.js';
import { type NablaApi, TRAIN_WORKLOADS } from './train-workloads.js';

const workload = (process.argv[2] ?? 'cnn') as TrainWorkload;
const steps = Number(process.argv[3] ?? 30);
if (!(workload in TRAIN_WORKLOADS))
  throw new Error(`kernel-time: unknown workload '${workload}' (mlp, cnn, lstm)`);
nabla.manualSeed(0);
const step = TRAIN_WORKLOADS[workload](nabla as unknown as NablaApi);
for (let i = 0; i < 10; i++) step();

const table = new Map<string, { ms: number; calls: number }>();
let timing = false;
const k = getBackend().kernels as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of Object.keys(k)) {
  const f = k[name]!;
  k[name] = (...args: unknown[]) => {
    if (!timing) return f(...args);
    timing = false;
    const t0 = performance.now();
    const r = f(...args);
    const dt = performance.now() - t0;
    timing = true;
    let key = name;
    if (name === 'matmul') {
      const g = args[3] as GemmShape;
      key += ` b${g.batch} ${g.m}x${g.n}x${g.k}${g.transA ? ' tA' : ''}${g.transB ? ' tB' : ''}`;
    } else if (name === 'unary' || name === 'binary' || name === 'reduce') key += ` ${String(args[0])}`;
    const e = table.get(key) ?? { ms: 0, calls: 0 };
    e.ms += dt;
    e.calls++;
    table.set(key, e);
    return r;
  };
}
const t0 = performance.now();
timing = true;
for (let i = 0; i < steps; i++) step();
timing = false;
const total = (performance.now() - t0) / steps;
let inKernels = 0;
for (const [key, e] of [...table].sort((a, b) => b[1].ms - a[1].ms)) {
  inKernels += e.ms / steps;
  console.log(`${(e.ms / steps).toFixed(3).padStart(8)} ms ${String(e.calls / steps).padStart(6)}× ${key}`);
}
console.log(
  `step ${total.toFixed(2)} ms, in kernels ${inKernels.toFixed(2)} ms, outside ${(total - inKernels).toFixed(2)} ms`,
);
