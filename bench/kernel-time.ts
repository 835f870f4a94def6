/**
 * Where a step's time goes, kernel by kernel: wraps every kernel of the active backend with a
 * timer and runs one workload's step (a train step, or an inference workload's forward pass).
 * Prints the time per step by kernel (unary/binary/reduce split by their op), then the top
 * entries by kernel and shape (matmul by GEMM shape, convolutions by layer shape, elementwise
 * kernels by shape and whether an operand broadcasts), then how much of the step ran outside
 * kernels (autograd, allocation, JavaScript).
 *
 *   NABLA_NUM_THREADS=1 npx tsx bench/kernel-time.ts cnn 30
 *   NABLA_NUM_THREADS=1 npx tsx bench/kernel-time.ts infer-mobilenetv2 5 [top]
 */
import { getBackend } from '../src/backends/registry.js';
import type { ConvShape, GemmShape, View, WindowGeometry } from '../src/backends/types.js';
import * as nabla from '../src/index.js';
import * as models from '../src/models/index.js';
import { INFER_WORKLOADS } from './infer-workloads.js';
import type { NablaApi } from './nabla-api.js';
import { TRAIN_WORKLOADS } from './train-workloads.js';

const WORKLOADS: Record<string, (nb: NablaApi) => () => number> = { ...TRAIN_WORKLOADS, ...INFER_WORKLOADS };
const workload = process.argv[2] ?? 'cnn';
const steps = Number(process.argv[3] ?? 30);
const top = Number(process.argv[4] ?? 25);
const build = WORKLOADS[workload];
if (build === undefined)
  throw new Error(`kernel-time: unknown workload '${workload}' (${Object.keys(WORKLOADS).join(', ')})`);
nabla.manualSeed(0);
const step = build({ ...nabla, models } as unknown as NablaApi);
for (let i = 0; i < Math.min(10, Math.max(3, steps)); i++) step();

const geometry = (g: WindowGeometry): string =>
  `${g.kernelSize.join('×')}/${g.stride.join('×')} ${g.inSize.join('×')}`;
const convLabel = (s: ConvShape): string =>
  `b${s.batch} ${s.inChannels}→${s.outChannels}${s.groups > 1 ? ` g${s.groups}` : ''} ${geometry(s.window)}`;

/** The detail key: the kernel and what it ran on. */
function keyOf(name: string, args: readonly unknown[]): string {
  if (name === 'matmul') {
    const g = args[3] as GemmShape;
    return `${name} b${g.batch} ${g.m}x${g.n}x${g.k}${g.transA ? ' tA' : ''}${g.transB ? ' tB' : ''}`;
  }
  if (name === 'convForward') return `${name} ${convLabel(args[3] as ConvShape)}`;
  if (name === 'convForwardAffine') return `${name} ${convLabel(args[2] as ConvShape)}`;
  if (name === 'convInputGrad' || name === 'convWeightGrad')
    return `${name} ${convLabel(args[2] as ConvShape)}`;
  if (name === 'batchNormStats' || name === 'channelAffine')
    return `${name} [${args.slice(1, 4).join(',')}] (batch, channels, plane)`;
  if (name === 'batchNormBackward') return `${name} [${args.slice(6, 9).join(',')}] (batch, channels, plane)`;
  if (name === 'im2col' || name === 'col2im')
    return `${name} c${String(args[1])} ${geometry(args[2] as WindowGeometry)}`;
  if (name === 'binary' || name === 'where') {
    const views = (name === 'binary' ? args.slice(1, 3) : args.slice(0, 3)) as View[];
    return `${familyOf(name, args)} ${dims(args[3])}${views.some(broadcasts) ? ' (broadcast)' : ''}`;
  }
  if (name === 'copy') return `${name} ${dims(args[1])}${broadcasts(args[0] as View) ? ' (broadcast)' : ''}`;
  if (name === 'assign') return `${name} ${dims(args[2])}`;
  if (name === 'unary') return `${familyOf(name, args)} n${(args[1] as ArrayLike<number>).length}`;
  if (name === 'reduce') return `${familyOf(name, args)} ${args.slice(2, 5).join('×')} (outer×size×inner)`;
  return familyOf(name, args);
}

const dims = (shape: unknown): string => `[${(shape as number[]).join(',')}]`;
/** A view with a zero stride reads one value for a whole axis. */
const broadcasts = (v: View): boolean => v.strides.some((s) => s === 0);

/** The summary key: the kernel, with the op for the kernels that run many. */
function familyOf(name: string, args: readonly unknown[]): string {
  return name === 'unary' || name === 'binary' || name === 'reduce' ? `${name} ${String(args[0])}` : name;
}

interface Entry {
  ms: number;
  calls: number;
}
const byKey = new Map<string, Entry>();
const byFamily = new Map<string, Entry>();
const tally = (table: Map<string, Entry>, key: string, ms: number): void => {
  const e = table.get(key) ?? { ms: 0, calls: 0 };
  e.ms += ms;
  e.calls++;
  table.set(key, e);
};

let timing = false;
const k = getBackend().kernels as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of Object.keys(k)) {
  const f = k[name]!;
  k[name] = (...args: unknown[]) => {
    if (!timing) return f(...args);
    timing = false; // a kernel that calls another is timed once, as itself
    const t0 = performance.now();
    const r = f(...args);
    const dt = performance.now() - t0;
    timing = true;
    tally(byKey, keyOf(name, args), dt);
    tally(byFamily, familyOf(name, args), dt);
    return r;
  };
}
const t0 = performance.now();
timing = true;
for (let i = 0; i < steps; i++) step();
timing = false;
const total = (performance.now() - t0) / steps;

const print = (title: string, table: Map<string, Entry>, limit: number): number => {
  console.log(title);
  let sum = 0;
  const sorted = [...table].sort((a, b) => b[1].ms - a[1].ms);
  for (const [key, e] of sorted.slice(0, limit)) {
    const share = ((100 * e.ms) / steps / total).toFixed(1);
    console.log(
      `${(e.ms / steps).toFixed(3).padStart(9)} ms ${share.padStart(5)}% ${String(e.calls / steps).padStart(6)}× ${key}`,
    );
  }
  for (const [, e] of sorted) sum += e.ms / steps;
  return sum;
};
const threads = process.env.NABLA_NUM_THREADS ?? '(default)';
console.log(`${workload}, ${steps} steps, NABLA_NUM_THREADS=${threads}, backend ${getBackend().name}`);
const inKernels = print(
  '\nby kernel (time per step, share of the step, calls per step):',
  byFamily,
  Infinity,
);
print(`\ntop ${top} by kernel and shape:`, byKey, top);
console.log(
  `\nstep ${total.toFixed(2)} ms, in kernels ${inKernels.toFixed(2)} ms, outside ${(total - inKernels).toFixed(2)} ms`,
);
