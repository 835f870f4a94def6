/**
 * Quick A/B timer for development (not the benchmark protocol of workloads.md): builds one
 * training or inference workload as `nabla-workloads.ts` does (`train-workloads.ts`,
 * `infer-workloads.ts`) and prints the median step (or forward pass) time.
 *
 *   NABLA_NUM_THREADS=1 npx tsx bench/step-time.ts mlp [steps]
 *   node --cpu-prof --import tsx bench/step-time.ts lstm 10   # for a profile
 */
import * as nabla from '../src/index.js';
import * as models from '../src/models/index.js';
import { INFER_WORKLOADS } from './infer-workloads.js';
import type { NablaApi } from './nabla-api.js';
import { BATCH } from './timing.js';
import { TRAIN_WORKLOADS } from './train-workloads.js';

const WORKLOADS: Record<string, (nb: NablaApi) => () => number> = { ...TRAIN_WORKLOADS, ...INFER_WORKLOADS };
const workload = process.argv[2] ?? 'mlp';
const steps = Number(process.argv[3] ?? 30);
const build = WORKLOADS[workload];
if (build === undefined)
  throw new Error(`step-time: unknown workload '${workload}' (${Object.keys(WORKLOADS).join(', ')})`);
nabla.manualSeed(0);
const step = build({ ...nabla, models } as unknown as NablaApi);
for (let i = 0; i < Math.max(3, Math.ceil(steps / 5)); i++) step();
const times: number[] = [];
const cpu: number[] = [];
let loss = 0;
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  loss = step();
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
// CPU time (all threads): on one thread, what the step cost even while other processes shared the core.
cpu.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const at = (q: number): number => times[Math.floor(q * (times.length - 1))]!;
const batch = (BATCH as Record<string, number>)[workload] ?? 1;
console.log(
  `${workload} ${process.env.NABLA_NUM_THREADS ?? '?'}T: median ${at(0.5).toFixed(2)} ms/step (cpu ${cpu[Math.floor((cpu.length - 1) / 2)]!.toFixed(2)} ms), ${((batch / at(0.5)) * 1000).toFixed(batch === 1 ? 2 : 0)} samples/s (p25 ${at(0.25).toFixed(2)}, p75 ${at(0.75).toFixed(2)}), ${batch === 1 ? 'output' : 'loss'} ${loss.toFixed(4)}`,
);
