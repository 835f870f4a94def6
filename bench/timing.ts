/**
 * The timing protocol of `bench/workloads.md`, written once so that nabla and the JavaScript
 * peers measure the same way. (The PyTorch peer is Python and carries a line-for-line copy.)
 *
 * - {@link timeTrainSteps}: warm up (≥ 3 steps and ≥ ~1 s), then time steps one by one
 *   (≥ 7, and more until ~3 s have passed, at most 200); report the median and quartiles.
 *   Inference workloads time their forward passes the same way (workloads.md section 7).
 * - {@link timeCall}: the sgemm protocol. A call is too short to time alone, so each sample
 *   repeats it until the sample lasts ≥ ~30 ms; report the median per-call time of ≥ 7 samples.
 *
 * @example
 * ```ts
 * const t = timeTrainSteps(() => trainStep()); // trainStep returns loss.item()
 * console.log(`${(128 / t.medianMs) * 1000} samples/s`);
 * ```
 */

import { performance } from 'node:perf_hooks';

/** What one timed run reports. Times are in milliseconds. */
export interface Timing {
  /** Median time of one step (or, for {@link timeCall}, of one call). */
  medianMs: number;
  /** 25th percentile: with p75 the noise indicator kept in results.json. */
  p25Ms: number;
  p75Ms: number;
  /** How many timed samples the statistics come from. */
  steps: number;
  /** How many untimed steps (or calls) ran first. */
  warmupSteps: number;
}

export interface TrainStepProtocol {
  warmupMinSteps: number;
  warmupMinMs: number;
  minSteps: number;
  /** Keep timing steps until this much time has passed (after `minSteps`). */
  targetMs: number;
  maxSteps: number;
}

/** The numbers of workloads.md. */
export const TRAIN_STEP_PROTOCOL: TrainStepProtocol = {
  warmupMinSteps: 3,
  warmupMinMs: 1000,
  minSteps: 7,
  targetMs: 3000,
  maxSteps: 200,
};

/**
 * Times a training step under the workloads.md protocol.
 *
 * `step` runs one full train step and returns the loss read on the host (`loss.item()`,
 * `dataSync()[0]`), so that any asynchronous work is inside the measured time. A loss that is
 * not finite is reported as an error: a diverging benchmark measures nothing useful.
 */
export function timeTrainSteps(
  step: () => number,
  protocol: TrainStepProtocol = TRAIN_STEP_PROTOCOL,
): Timing {
  let warmupSteps = 0;
  const warmupStart = performance.now();
  while (warmupSteps < protocol.warmupMinSteps || performance.now() - warmupStart < protocol.warmupMinMs) {
    checkLoss(step());
    warmupSteps++;
  }

  const times: number[] = [];
  const timedStart = performance.now();
  while (
    times.length < protocol.minSteps ||
    (times.length < protocol.maxSteps && performance.now() - timedStart < protocol.targetMs)
  ) {
    const t0 = performance.now();
    const loss = step();
    times.push(performance.now() - t0);
    checkLoss(loss);
  }
  return summarize(times, warmupSteps);
}

export interface CallProtocol {
  /** Each sample repeats the call until it lasts at least this long. */
  minSampleMs: number;
  samples: number;
  /** Untimed calls before sampling, at least this long in total. */
  warmupMinMs: number;
}

/** The numbers of workloads.md (sgemm). */
export const CALL_PROTOCOL: CallProtocol = { minSampleMs: 30, samples: 7, warmupMinMs: 300 };

/**
 * Times a short call (one sgemm) under the workloads.md protocol and returns per-call times.
 * The repeat count is found during warm-up by doubling until a batch of calls lasts
 * `minSampleMs`; every timed sample then runs that many calls.
 */
export function timeCall(call: () => void, protocol: CallProtocol = CALL_PROTOCOL): Timing {
  let reps = 1;
  let warmupCalls = 0;
  const warmupStart = performance.now();
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) call();
    const elapsed = performance.now() - t0;
    warmupCalls += reps;
    const warmedUp = performance.now() - warmupStart >= protocol.warmupMinMs;
    if (elapsed >= protocol.minSampleMs && warmedUp) break;
    if (elapsed < protocol.minSampleMs) {
      // Aim a little past the minimum so that a slightly faster later sample still qualifies.
      const scale = elapsed > 0 ? (1.2 * protocol.minSampleMs) / elapsed : 2;
      reps = Math.max(reps + 1, Math.min(reps * 8, Math.ceil(reps * scale)));
    }
  }

  const perCall: number[] = [];
  for (let s = 0; s < protocol.samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) call();
    perCall.push((performance.now() - t0) / reps);
  }
  return summarize(perCall, warmupCalls);
}

/** The q-quantile of sorted values, interpolating linearly between neighbours (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

function summarize(times: readonly number[], warmupSteps: number): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    medianMs: quantile(sorted, 0.5),
    p25Ms: quantile(sorted, 0.25),
    p75Ms: quantile(sorted, 0.75),
    steps: sorted.length,
    warmupSteps,
  };
}

function checkLoss(loss: number): void {
  if (!Number.isFinite(loss)) throw new Error(`timeTrainSteps: the step returned loss ${loss}`);
}

/** The sgemm shapes of workloads.md, as [M, K, N]. */
export const SGEMM_SHAPES: ReadonlyArray<readonly [number, number, number]> = [
  [128, 128, 128],
  [256, 256, 256],
  [512, 512, 512],
  [1024, 1024, 1024],
  [128, 784, 512],
];

/** The `shape` field of a result line: `M x K x N` without spaces, e.g. `128x784x512`. */
export function shapeLabel([m, k, n]: readonly [number, number, number]): string {
  return `${m}x${k}x${n}`;
}

/** Batch size of each training workload; samples/s = batch / median step time. */
export const BATCH = { mlp: 128, cnn: 64, lstm: 32, resnet20: 64, transformer: 32 } as const;

export type TrainWorkload = keyof typeof BATCH;
/** Batch-1 forward passes in eval mode without gradients (workloads.md section 7). */
export type InferWorkload = 'infer-resnet18' | 'infer-mobilenetv2';
export type Workload = TrainWorkload | 'sgemm' | InferWorkload;
export const WORKLOADS: readonly Workload[] = [
  'mlp',
  'cnn',
  'lstm',
  'sgemm',
  'resnet20',
  'transformer',
  'infer-resnet18',
  'infer-mobilenetv2',
];

/** True for the inference workloads, whose numbers are latencies (ms) and images/s. */
export function isInference(w: Workload): w is InferWorkload {
  return w.startsWith('infer-');
}

/** One line of a benchmark process's stdout (the schema every peer prints). */
export interface ResultLine {
  peer: string;
  workload: Workload;
  threads: number;
  /** Set when the workload could not run; the timing fields are then absent. */
  error?: string;
  samples_per_s?: number;
  median_ms?: number;
  p25_ms?: number;
  p75_ms?: number;
  steps?: number;
  gflops?: number;
  shape?: string;
  /** Peak resident memory of the process during one step after the timed ones (see memory.ts). */
  peak_rss_mb?: number;
  /** Resident memory just before that step. */
  rss_before_mb?: number;
  /** Extra facts a peer wants to keep (backend name, library version). */
  [extra: string]: unknown;
}

/** The fields of every timed result line; samples_per_s = samples per step / median step time. */
function timedResult(
  peer: string,
  workload: Workload,
  threads: number,
  samplesPerStep: number,
  t: Timing,
): ResultLine {
  return {
    peer,
    workload,
    threads,
    samples_per_s: round((samplesPerStep * 1000) / t.medianMs),
    median_ms: round(t.medianMs),
    p25_ms: round(t.p25Ms),
    p75_ms: round(t.p75Ms),
    steps: t.steps,
  };
}

/** The result line of a training workload. */
export function trainResult(peer: string, workload: TrainWorkload, threads: number, t: Timing): ResultLine {
  return timedResult(peer, workload, threads, BATCH[workload], t);
}

/**
 * The result line of an inference workload: median latency of one forward pass, and
 * samples_per_s = images/s = 1 / median (batch 1).
 */
export function inferResult(peer: string, workload: InferWorkload, threads: number, t: Timing): ResultLine {
  return timedResult(peer, workload, threads, 1, t);
}

/** The result line of one sgemm shape; samples_per_s counts calls. */
export function sgemmResult(
  peer: string,
  shape: readonly [number, number, number],
  threads: number,
  t: Timing,
): ResultLine {
  const [m, k, n] = shape;
  return {
    ...timedResult(peer, 'sgemm', threads, 1, t),
    gflops: round((2 * m * k * n) / (t.medianMs * 1e6)),
    shape: shapeLabel(shape),
  };
}

/** Four significant digits: enough for benchmark noise, short in JSON. */
function round(x: number): number {
  return Number(x.toPrecision(4));
}
