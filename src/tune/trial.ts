import type { Callback, Logs } from '../index.js';
import { ValueError } from '../index.js';
import type { Config } from './space.js';

/** What a trial is told: its number, its seed, and where to report each epoch. */
export interface TrialContext {
  readonly id: number;
  readonly seed: number;
  /** Called after each epoch (0-based) with its logs; returns false when the trial should stop (pruned). */
  report(epoch: number, logs: Logs): boolean;
  /** A file where the trial may save its training state after each epoch, to be resumed later (`nabla tune babysit`). */
  readonly checkpoint?: string | undefined;
}

/** Trains one config and returns its final metrics (e.g. `{ valAccuracy: 0.97, valLoss: 0.1 }`). */
export type TrialFn = (config: Config, context: TrialContext) => Logs | Promise<Logs>;

/** A trial to run: its number, seed and config. */
export interface TrialJob {
  id: number;
  seed: number;
  config: Config;
  /** Where the trial saves its training state after each epoch (see {@link TrialContext.checkpoint}); not part of its identity. */
  checkpoint?: string;
}

/** `done` trained to the end; `pruned` was stopped early as a poor trial; `failed` threw or crashed. */
export type TrialStatus = 'done' | 'pruned' | 'failed';

/** A finished trial: everything needed to reproduce and compare it. */
export interface TrialRecord extends TrialJob {
  status: TrialStatus;
  /** The final metrics (for a pruned trial, its last epoch's). */
  metrics: Logs;
  /** One entry per epoch reported. */
  history: Logs[];
  error?: string;
  seconds: number;
  /** Which worker ran it (distributed searches: host and process id). */
  worker?: string;
  /** Learning-rate changes made by babysitting it: from history entry `epoch` on, it trained at `lr`. */
  babysat?: { epoch: number; lr: number }[];
}

/** Runs jobs and returns their records in job order; `onRecord` sees each as it finishes. */
export type Executor = (jobs: TrialJob[], onRecord?: (record: TrialRecord) => void) => Promise<TrialRecord[]>;

/** The objective to rank trials by and its direction. */
export interface Objective {
  /** A metric name the trials return, e.g. `valAccuracy`. */
  objective: string;
  /** Default: `'min'` when the name holds "loss" or "error", else `'max'`. */
  mode?: 'min' | 'max';
}

/**
 * The direction of an objective: explicit, or `'min'` for losses and errors and `'max'` otherwise.
 * @example
 * modeOf({ objective: 'valLoss' }); // 'min'
 */
export function modeOf({ objective, mode }: Objective): 'min' | 'max' {
  if (mode !== undefined && mode !== 'min' && mode !== 'max')
    throw new ValueError(`search: mode must be 'min' or 'max', got ${JSON.stringify(mode)}`);
  return mode ?? (/loss|error/i.test(objective) ? 'min' : 'max');
}

/**
 * Trials that produced the objective, best first (failed trials and missing values last, out).
 * @example
 * const base = { seed: 0, history: [], seconds: 1 };
 * const records: TrialRecord[] = [
 *   { ...base, id: 0, status: 'done', config: { lr: 0.1 }, metrics: { valAccuracy: 0.9 } },
 *   { ...base, id: 1, status: 'done', config: { lr: 0.01 }, metrics: { valAccuracy: 0.95 } },
 * ];
 * rankTrials(records, { objective: 'valAccuracy' })[0].id; // 1
 */
export function rankTrials(records: readonly TrialRecord[], objective: Objective): TrialRecord[] {
  const sign = modeOf(objective) === 'max' ? -1 : 1;
  const value = (r: TrialRecord) => r.metrics[objective.objective];
  return records
    .filter((r) => r.status !== 'failed' && Number.isFinite(value(r)))
    .sort((a, b) => sign * (value(a)! - value(b)!) || a.id - b.id);
}

/**
 * A `fit` callback that reports each epoch to the trial's context and stops training when the
 * search prunes the trial.
 * @example
 * const trial: TrialFn = (config, context) => {
 *   const history = fit(model, { ...options, callbacks: [reportTo(context)] });
 *   return history.epochs.at(-1)!;
 * };
 */
export function reportTo(context: TrialContext): Callback {
  return {
    onEpochEnd: (epoch, logs, loop) => {
      if (!context.report(epoch, logs)) loop.stopTraining = true;
    },
  };
}
