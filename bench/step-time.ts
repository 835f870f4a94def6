/**
 * Quick A/B timer for development (not the benchmark protocol of workloads.md): builds one
 * training workload as `nabla-workloads.ts` does (`train-workloads.ts`) and prints the median
 * step time.
 *
 *   NABLA_NUM_THREADS=1 npx tsx bench/step-time.ts mlp [steps]
 *   node --cpu-prof --import tsx bench/step-time.ts lstm 10   # for a profile
 */
import * as nabla from '../src/index.js';
import type { TrainWorkload } from './timing.js';
import { type NablaApi, TRAIN_WORKLOADS } from './train-workloads.js';

const workload = (process.argv[2] ?? 'mlp') as TrainWorkload;
const steps = Number(process.argv[3] ?? 30);
if (!(workload in TRAIN_WORKLOADS))
  throw new Error(`step-time: unknown workload '${workload}' (mlp, cnn, lstm)`);
nabla.manualSeed(0);
const step = TRAIN_WORKLOADS[workload](nabla as unknown as NablaApi);
for (let i = 0; i < Math.max(3, Math.ceil(steps / 5)); i++) step();
const times: number[] = [];
let loss = 0;
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  loss = step();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const at = (q: number): number => times[Math.floor(q * (times.length - 1))]!;
const batch = { mlp: 128, cnn: 64, lstm: 32 }[workload];
console.log(
  `${workload} ${process.env.NABLA_NUM_THREADS ?? '?'}T: median ${at(0.5).toFixed(2)} ms/step, ${((batch / at(0.5)) * 1000).toFixed(0)} samples/s (p25 ${at(0.25).toFixed(2)}, p75 ${at(0.75).toFixed(2)}), loss ${loss.toFixed(4)}`,
);
