import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { type Logs, ValueError } from '../index.js';
import type { Pruner } from './asha.js';
import type { Executor, TrialJob, TrialRecord } from './trial.js';
import type { RunMessage, WorkerMessage } from './trial-worker.js';

export interface ParallelOptions {
  /** The module (path or file URL) whose export `exportName` is the trial function. */
  module: string;
  exportName?: string;
  /** Trials at once, each in its own process (default: the number of cores). */
  workers?: number;
  /** Stops poor trials after an epoch (the trial's process is ended). */
  pruner?: Pruner;
  /** Environment for the trial processes (default: this one, with NABLA_NUM_THREADS=1 unless set). */
  env?: NodeJS.ProcessEnv;
  /** Sees each trial's process id as it starts (to watch or kill it). */
  onStart?: (job: TrialJob, pid: number) => void;
}

// The worker next to this file: .ts when running from source (through tsx), .js when built.
const fromSource = import.meta.url.endsWith('.ts');
const workerFile = new URL(`./trial-worker${fromSource ? '.ts' : '.js'}`, import.meta.url);

/**
 * Runs trials in separate worker processes, `workers` at a time (the course's "caviar": many
 * models in parallel). A trial whose process crashes or is killed is recorded as failed and the
 * search goes on; a pruned trial's process is ended and the trial recorded as pruned.
 * @example
 * // An executor for the strategies: each trial runs `trial` of that module in a worker process.
 * const run = parallel({ module: 'file:///project/my-trial.js', exportName: 'trial', workers: 2 });
 * typeof run; // => 'function'
 * // await randomSearch(space, run, { trials: 8, objective: 'valAccuracy' });
 */
export function parallel(options: ParallelOptions): Executor {
  const { workers = availableParallelism(), exportName = 'trial' } = options;
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new ValueError(`parallel: workers must be a positive integer, got ${workers}`);
  return async (jobs, onRecord) => {
    const records: TrialRecord[] = new Array(jobs.length);
    let next = 0;
    const lane = async () => {
      while (next < jobs.length) {
        const index = next++;
        const record = await spawnTrial(jobs[index]!, { ...options, exportName });
        records[index] = record;
        onRecord?.(record);
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, lane));
    return records;
  };
}

/**
 * Runs one trial in a new worker process and resolves with its record (never rejects: a crash
 * becomes a failed record). What `parallel` and the Redis workers run for each trial.
 * @example
 * const job = { id: 0, seed: 1, config: { lr: 0.01 } };
 * // const record = await spawnTrial(job, { module: 'file:///project/my-trial.js' }); // a TrialRecord
 */
export function spawnTrial(job: TrialJob, options: ParallelOptions): Promise<TrialRecord> {
  const exportName = options.exportName ?? 'trial';
  const started = performance.now();
  const env = options.env ?? { ...process.env, NABLA_NUM_THREADS: process.env.NABLA_NUM_THREADS ?? '1' };
  const child = fork(workerFile, [], {
    env,
    execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  if (child.pid !== undefined) options.onStart?.(job, child.pid);
  const history: Logs[] = [];
  let outcome: { metrics: Logs } | { error: string } | { pruned: true } | undefined;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  child.on('message', (message: WorkerMessage) => {
    if (message.type === 'epoch') {
      history[message.epoch] = message.logs;
      if (
        outcome === undefined &&
        options.pruner &&
        !options.pruner.report(job.id, message.epoch, message.logs)
      ) {
        outcome = { pruned: true };
        child.kill('SIGTERM');
      }
    } else if (outcome === undefined) {
      outcome = message.type === 'result' ? { metrics: message.metrics } : { error: message.message };
    }
  });
  child.send({
    type: 'run',
    module: options.module,
    exportName,
    job,
  } satisfies RunMessage);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      const base = { ...job, history, seconds };
      if (outcome && 'metrics' in outcome) resolve({ ...base, status: 'done', metrics: outcome.metrics });
      else if (outcome && 'pruned' in outcome)
        resolve({ ...base, status: 'pruned', metrics: { ...history.at(-1) } });
      else {
        const why =
          outcome && 'error' in outcome ? outcome.error : `its process exited (${signal ?? `code ${code}`})`;
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        resolve({
          ...base,
          status: 'failed',
          metrics: {},
          error: tail && !outcome ? `${why}: ${tail}` : why,
        });
      }
    });
  });
}
