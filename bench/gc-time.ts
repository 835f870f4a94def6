/**
 * How much of a step goes to garbage collection: runs one workload's step (as step-time.ts does)
 * and prints the collections per step by kind (minor = scavenge, incremental = the marking of a
 * full collection, weakcb = its weak callbacks) with their time, and the share of the step.
 *
 *   NABLA_NUM_THREADS=2 npx tsx bench/gc-time.ts resnet20 20
 *   node --trace-gc --import tsx bench/step-time.ts resnet20 10   # each collection and its reason
 */
import { PerformanceObserver } from 'node:perf_hooks';
import * as nabla from '../src/index.js';
import * as models from '../src/models/index.js';
import { INFER_WORKLOADS } from './infer-workloads.js';
import type { NablaApi } from './nabla-api.js';
import { TRAIN_WORKLOADS } from './train-workloads.js';

const WORKLOADS: Record<string, (nb: NablaApi) => () => number> = { ...TRAIN_WORKLOADS, ...INFER_WORKLOADS };
const workload = process.argv[2] ?? 'mlp';
const steps = Number(process.argv[3] ?? 30);
nabla.manualSeed(0);
const step = WORKLOADS[workload]!({ ...nabla, models } as unknown as NablaApi);
for (let i = 0; i < 5; i++) step();
const byKind = new Map<number, { n: number; ms: number }>();
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const k = (e as unknown as { detail: { kind: number } }).detail.kind;
    const s = byKind.get(k) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += e.duration;
    byKind.set(k, s);
  }
});
obs.observe({ entryTypes: ['gc'] });
const t0 = performance.now();
for (let i = 0; i < steps; i++) step();
const total = performance.now() - t0;
await new Promise((r) => setTimeout(r, 10));
const names: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
let gc = 0;
for (const [k, s] of byKind) {
  gc += s.ms;
  console.log(`${names[k] ?? k}: ${(s.n / steps).toFixed(1)}/step ${(s.ms / steps).toFixed(2)} ms/step`);
}
console.log(
  `${workload}: ${(total / steps).toFixed(1)} ms/step, gc ${(gc / steps).toFixed(2)} ms/step (${((100 * gc) / total).toFixed(1)}%)`,
);
