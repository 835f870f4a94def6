/**
 * GFLOP/s of the native backend's sgemm on 1 and 2 threads: the workloads.md shapes, the MLP's
 * forward and backward products, and the cost of a tiny call.
 *
 * Run alone on the machine: `flock /tmp/nabla-bench.lock npx tsx bench/sgemm-native.ts`
 * (`--quick` shortens the warm-up for a smoke run; its numbers are not for NOTES.md).
 */
import { loadAddon } from '../src/backends/native/addon.js';
import { loadNativeBackend } from '../src/backends/native/index.js';

const nativeBackend = loadNativeBackend().backend;

import type { GemmShape } from '../src/backends/types.js';
import { timeCall } from './timing.js';

interface Case {
  label: string;
  m: number;
  n: number;
  k: number;
  transA?: boolean;
  transB?: boolean;
}

const cases: Case[] = [
  { label: '128³', m: 128, n: 128, k: 128 },
  { label: '256³', m: 256, n: 256, k: 256 },
  { label: '512³', m: 512, n: 512, k: 512 },
  { label: '1024³', m: 1024, n: 1024, k: 1024 },
  // The MLP's first layer [128×784]·[784×512] and its backward products.
  { label: '128×784·784×512', m: 128, n: 512, k: 784 },
  { label: 'Xᵀ·dY (128×784)ᵀ·128×512', m: 784, n: 512, k: 128, transA: true },
  { label: 'dY·Wᵀ 128×512·(784×512)ᵀ', m: 128, n: 784, k: 512, transB: true },
  // Its second layer [128×512]·[512×256] and backward products.
  { label: '128×512·512×256', m: 128, n: 256, k: 512 },
  { label: 'Xᵀ·dY (128×512)ᵀ·128×256', m: 512, n: 256, k: 128, transA: true },
  { label: 'dY·Wᵀ 128×256·(512×256)ᵀ', m: 128, n: 512, k: 256, transB: true },
];

const quick = process.argv.includes('--quick');
const protocol = { minSampleMs: 30, samples: quick ? 3 : 7, warmupMinMs: quick ? 100 : 1000 };

function main(): void {
  const backend = nativeBackend;
  if (!backend) {
    console.log('native backend unavailable: nothing to measure');
    return;
  }
  const isa = loadAddon().addon?.isa();
  console.log(
    `native sgemm (${isa}), GFLOP/s, median of ${protocol.samples} samples of ≥ ${protocol.minSampleMs} ms`,
  );
  console.log(`${'shape'.padEnd(36)} ${'1 thread'.padStart(9)} ${'2 threads'.padStart(9)}`);
  for (const c of cases) {
    const cells = [1, 2].map((threads) => gflops(c, threads).toFixed(1).padStart(9));
    console.log(`${c.label.padEnd(36)} ${cells.join(' ')}`);
  }
  const tiny = { label: '4×4·4×4', m: 4, n: 4, k: 4 };
  console.log(`${'4×4·4×4 (µs per call)'.padEnd(36)} ${microseconds(tiny, 1).toFixed(2).padStart(9)}`);
}

function prepare(c: Case, threads: number): () => void {
  nativeBackend!.setNumThreads(threads);
  const a = new Float32Array(c.m * c.k).map(() => Math.random() - 0.5);
  const b = new Float32Array(c.k * c.n).map(() => Math.random() - 0.5);
  const out = new Float32Array(c.m * c.n);
  const g: GemmShape = {
    batch: 1,
    m: c.m,
    n: c.n,
    k: c.k,
    transA: c.transA ?? false,
    transB: c.transB ?? false,
    strideA: 0,
    strideB: 0,
  };
  const matmul = nativeBackend!.kernels.matmul;
  return () => matmul(a, b, out, g);
}

function gflops(c: Case, threads: number): number {
  const t = timeCall(prepare(c, threads), protocol);
  return (2 * c.m * c.n * c.k) / (t.medianMs * 1e6);
}

function microseconds(c: Case, threads: number): number {
  return timeCall(prepare(c, threads), protocol).medianMs * 1000;
}

main();
