/**
 * The child process that runs one trial for `parallel`: it receives the trial's module, export
 * and job, reports each epoch, then its metrics, and exits. Not imported by the library.
 */
import type { Logs } from '../index.js';
import type { TrialFn, TrialJob } from './trial.js';

/** Parent to child. */
export interface RunMessage {
  type: 'run';
  module: string;
  exportName: string;
  job: TrialJob;
}

/** Child to parent. */
export type WorkerMessage =
  | { type: 'epoch'; epoch: number; logs: Logs }
  | { type: 'result'; metrics: Logs }
  | { type: 'error'; message: string };

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

async function run({ module, exportName, job }: RunMessage): Promise<void> {
  try {
    const loaded = (await import(module)) as Record<string, unknown>;
    const trial = loaded[exportName] as TrialFn | undefined;
    if (typeof trial !== 'function') throw new Error(`${module} has no trial function '${exportName}'`);
    const metrics = await trial(job.config, {
      id: job.id,
      seed: job.seed,
      report: (epoch, logs) => {
        // The parent stops a pruned trial by ending this process.
        process.send!({ type: 'epoch', epoch, logs } satisfies WorkerMessage);
        return true;
      },
    });
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
