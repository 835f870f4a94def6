import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { Duplex } from 'node:stream';
import { type Logs, ValueError } from '../index.js';
import type { AsyncPruner } from './asha.js';
import { EPOCH_FD } from './epoch-channel.js';
import type { Executor, TrialJob, TrialRecord } from './trial.js';
import type { EpochReport, RunMessage, WorkerMessage } from './trial-worker.js';

export interface ParallelOptions {
  /** The module (path or file URL) whose export `exportName` is the trial function. */
  module: string;
  exportName?: string;
  /** Trials at once, each in its own process (default: the number of cores). */
  workers?: number;
  /** Decides after each epoch whether a trial goes on (the trial waits for the answer). */
  pruner?: AsyncPruner;
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
 * search goes on; a trial the pruner stops is recorded as pruned.
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
 * becomes a failed record). After each epoch the trial waits while the pruner decides (see
 * NOTE(epoch-channel) in epoch-channel.ts); a trial told to stop returns its metrics so far and is
 * recorded as pruned. What `parallel` and the Redis workers run for each trial.
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
    stdio: ['ignore', 'ignore', 'pipe', 'ipc', 'pipe'],
  });
  if (child.pid !== undefined) options.onStart?.(job, child.pid);
  const history: Logs[] = [];
  let outcome: { metrics: Logs } | { error: string } | undefined;
  let pruned = false;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const channel = child.stdio[EPOCH_FD] as Duplex;
  // A trial that dies breaks the channel; its exit says what happened.
  channel.on('error', () => {});
  let decisions = Promise.resolve();
  onLines(channel, (line) => {
    const { epoch, logs } = JSON.parse(line) as EpochReport;
    history[epoch] = logs;
    // The trial waits for each answer, so decisions come one at a time, in epoch order.
    decisions = decisions.then(async () => {
      try {
        if (!pruned && options.pruner && !(await options.pruner.report(job.id, epoch, logs))) pruned = true;
      } catch (error) {
        outcome ??= { error: `the pruner failed: ${(error as Error).message}` };
        child.kill('SIGTERM');
        return;
      }
      if (channel.writable) channel.write(Buffer.from([pruned ? 0 : 1]));
    });
  });
  child.on('message', (message: WorkerMessage) => {
    outcome ??= message.type === 'result' ? { metrics: message.metrics } : { error: message.message };
  });
  child.send({ type: 'run', module: options.module, exportName, job } satisfies RunMessage);
  return new Promise((resolve) => {
    // 'close', not 'exit': by then the epoch channel and stderr have delivered everything.
    child.on('close', (code, signal) => {
      void decisions.then(() => {
        const base = { ...job, history, seconds: (performance.now() - started) / 1000 };
        if (outcome && 'metrics' in outcome)
          resolve({ ...base, status: pruned ? 'pruned' : 'done', metrics: outcome.metrics });
        else if (!outcome && pruned) resolve({ ...base, status: 'pruned', metrics: { ...history.at(-1) } });
        else {
          const why = outcome ? outcome.error : `its process exited (${signal ?? `code ${code}`})`;
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
  });
}

/** Calls `fn` with each complete line the stream delivers. */
function onLines(stream: Duplex, fn: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let end = buffered.indexOf('\n');
    while (end >= 0) {
      fn(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf('\n');
    }
  });
}
