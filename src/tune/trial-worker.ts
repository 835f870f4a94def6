/**
 * The child process that runs one trial for `parallel`: it receives the trial's module, export
 * and job, reports each epoch and waits for the answer, then sends its metrics, and exits. Not
 * imported by the library.
 * Its epoch reports go over the epoch channel: NOTE(epoch-channel) in epoch-channel.ts.
 */
import { readSync, writeSync } from 'node:fs';
import type { Logs } from '../index.js';
import { EPOCH_FD } from './epoch-channel.js';
import type { TrialFn, TrialJob } from './trial.js';

/** Parent to child. */
export interface RunMessage {
  type: 'run';
  module: string;
  exportName: string;
  job: TrialJob;
}

/** Child to parent, over the IPC channel. */
export type WorkerMessage = { type: 'result'; metrics: Logs } | { type: 'error'; message: string };

/** Child to parent over the epoch channel, one JSON line per epoch. */
export interface EpochReport {
  epoch: number;
  logs: Logs;
}

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

/** Reports an epoch and waits for the parent's answer: whether the trial goes on. */
function report(epoch: number, logs: Logs): boolean {
  writeSync(EPOCH_FD, `${JSON.stringify({ epoch, logs } satisfies EpochReport)}\n`);
  const answer = Buffer.alloc(1);
  // The end of the channel means the parent is gone, and its trials with it.
  if (readSync(EPOCH_FD, answer, 0, 1, null) === 0) process.exit(0);
  return answer[0] === 1;
}

async function run({ module, exportName, job }: RunMessage): Promise<void> {
  try {
    const loaded = (await import(module)) as Record<string, unknown>;
    const trial = loaded[exportName] as TrialFn | undefined;
    if (typeof trial !== 'function') throw new Error(`${module} has no trial function '${exportName}'`);
    const context = { id: job.id, seed: job.seed, report, checkpoint: job.checkpoint };
    const metrics = await trial(job.config, context);
    await send({ type: 'result', metrics });
  } catch (error) {
    await send({
      type: 'error',
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
  process.disconnect();
}

if (process.send) {
  process.once('message', (message: RunMessage) => void run(message));
  // A parent that dies takes its trials with it.
  process.once('disconnect', () => process.exit(0));
}
