import type { Logs } from '../index.js';
import type { Pruner } from './asha.js';
import type { Executor, TrialFn, TrialRecord } from './trial.js';

/**
 * Runs trials one after another in this process (the course's "pandas" babysitting one model at a
 * time; see `parallel` for the caviar). A trial that throws is recorded as failed and the search
 * goes on; a pruner can stop trials after any epoch.
 * @example
 * const run = inProcess((config) => ({ score: -((Number(config.x) - 2) ** 2) }));
 * await run([{ id: 0, seed: 1, config: { x: 1 } }]); // [{ status: 'done', metrics: { score: -1 }, ... }]
 */
export function inProcess(trial: TrialFn, pruner?: Pruner): Executor {
  return async (jobs, onRecord) => {
    const records: TrialRecord[] = [];
    for (const job of jobs) {
      const history: Logs[] = [];
      let pruned = false;
      const started = performance.now();
      const context = {
        id: job.id,
        seed: job.seed,
        checkpoint: job.checkpoint,
        report: (epoch: number, logs: Logs) => {
          history[epoch] = { ...logs };
          if (pruner && !pruner.report(job.id, epoch, logs)) pruned = true;
          return !pruned;
        },
      };
      let record: TrialRecord;
      try {
        const metrics = await trial(job.config, context);
        record = { ...job, status: pruned ? 'pruned' : 'done', metrics: { ...metrics }, history, seconds: 0 };
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        record = { ...job, status: 'failed', metrics: {}, history, error: message, seconds: 0 };
      }
      record.seconds = (performance.now() - started) / 1000;
      records.push(record);
      onRecord?.(record);
    }
    return records;
  };
}
