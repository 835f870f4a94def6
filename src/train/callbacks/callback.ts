import type { History } from '../history.js';
import type { Logs, OptimizerLike, TrainableModel } from '../types.js';

/** What `fit` shows its callbacks: the model, the optimizer, progress and the stop flag. */
export interface TrainingLoop {
  readonly model: TrainableModel;
  readonly optimizer: OptimizerLike;
  readonly epochs: number;
  /** Batches per epoch, when the loader knows its length. */
  readonly stepsPerEpoch: number | undefined;
  readonly history: History;
  /** The epoch running now (0-based). */
  epoch: number;
  /** Optimizer steps taken so far, over all epochs. */
  step: number;
  /** Set by a callback to end training after the current batch. */
  stopTraining: boolean;
  /**
   * Writes the whole run's state to `path` atomically (model, optimizer, scheduler, the data's
   * position, the generators, fit's running means and history): `fit`'s `checkpoint: { resume }`
   * continues from it exactly, mid-epoch too. Provided by `fit`; `extra` is any JSON.
   */
  saveCheckpoint?(path: string, extra?: unknown): void;
}

/**
 * Hooks into `fit` (Keras's callbacks). Every method is optional; `batch` and `epoch` count from 0.
 * `logs` at a batch end hold the epoch's running means; at an epoch end, the epoch's values.
 * @example
 * const printer: Callback = { onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) };
 */
export interface Callback {
  onTrainBegin?(loop: TrainingLoop): void;
  onEpochBegin?(epoch: number, loop: TrainingLoop): void;
  onBatchEnd?(batch: number, logs: Logs, loop: TrainingLoop): void;
  onEpochEnd?(epoch: number, logs: Logs, loop: TrainingLoop): void;
  onTrainEnd?(logs: Logs, loop: TrainingLoop): void;
}
