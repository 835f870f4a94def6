import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { copyStateDict } from '../copy-state.js';
import type { Logs } from '../types.js';
import type { Callback, TrainingLoop } from './callback.js';

export interface EarlyStoppingOptions {
  /** The logged value to watch (default `'valLoss'`). */
  monitor?: string;
  /** Whether smaller (`'min'`, default) or larger values are better. */
  mode?: 'min' | 'max';
  /** Epochs without improvement to wait before stopping (default 0). */
  patience?: number;
  /** The least change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch when training ends (default false). */
  restoreBestWeights?: boolean;
}

/**
 * Stops training once `monitor` has not improved for `patience` epochs (Keras's EarlyStopping),
 * optionally restoring the best epoch's weights (kept as copies of the state dict).
 * @example
 * const model = new nn.Linear(2, 1);
 * const [x, y] = [randn([32, 2]), randn([32, 1])];
 * fit(model, {
 *   loss: mseLoss, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 20, verbose: 0,
 *   train: [[x, y]], validation: [[x, y]],
 *   callbacks: [new EarlyStopping({ patience: 3, restoreBestWeights: true })],
 * });
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
  /** The best value seen, the epoch it came in, and the epoch training stopped after (or -1). */
  best = Number.NaN;
  bestEpoch = -1;
  stoppedEpoch = -1;
  private wait = 0;
  private bestWeights: Record<string, Tensor> | undefined;

  constructor({
    monitor = 'valLoss',
    mode = 'min',
    patience = 0,
    minDelta = 0,
    restoreBestWeights = false,
  }: EarlyStoppingOptions = {}) {
    if (mode !== 'min' && mode !== 'max')
      throw new ValueError(`EarlyStopping: mode must be 'min' or 'max', got ${JSON.stringify(mode)}`);
    if (!Number.isSafeInteger(patience) || patience < 0)
      throw new ValueError(`EarlyStopping: patience must be a non-negative integer, got ${patience}`);
    if (!(minDelta >= 0))
      throw new ValueError(`EarlyStopping: minDelta must be non-negative, got ${minDelta}`);
    this.monitor = monitor;
    this.mode = mode;
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBestWeights = restoreBestWeights;
  }

  onTrainBegin(): void {
    this.best = Number.NaN;
    this.bestEpoch = -1;
    this.stoppedEpoch = -1;
    this.wait = 0;
    this.bestWeights = undefined;
  }

  onEpochEnd(epoch: number, logs: Logs, loop: TrainingLoop): void {
    const value = logs[this.monitor];
    if (value === undefined)
      throw new ValueError(
        `EarlyStopping: monitor '${this.monitor}' is not logged; available: ${Object.keys(logs).join(', ')}`,
      );
    if (this.improves(value)) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights) this.bestWeights = copyStateDict(loop.model.stateDict());
      return;
    }
    this.wait++;
    // As Keras: stop after `patience` epochs without improvement (0 and 1 both stop at the first).
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      loop.stopTraining = true;
    }
  }

  onTrainEnd(_logs: Logs, loop: TrainingLoop): void {
    if (this.bestWeights) loop.model.loadStateDict(this.bestWeights, { strict: true });
  }

  private improves(value: number): boolean {
    if (Number.isNaN(value)) return false;
    if (Number.isNaN(this.best)) return true;
    return this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta;
  }
}
