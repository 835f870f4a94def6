import { ValueError } from '../../errors.js';
import { saveCheckpoint } from '../checkpoint.js';
import type { Logs } from '../types.js';
import { saveWeights } from '../weights.js';
import type { Callback, TrainingLoop } from './callback.js';

export interface ModelCheckpointOptions {
  /** The file to write; `{epoch}` in it becomes the 1-based epoch number. */
  path: string;
  /** The logged value that decides "best" (default `'valLoss'`). */
  monitor?: string;
  mode?: 'min' | 'max';
  /** Write only when `monitor` improves (default false: every epoch). */
  saveBestOnly?: boolean;
  /** Write the model's weights only, not the optimizer state (default false). */
  weightsOnly?: boolean;
}

/**
 * Saves a checkpoint (model, optimizer, scheduler, the data's position, the generators, epoch,
 * step, the epoch's logs: what `fit`'s `checkpoint: { resume }` needs) at the end of each epoch,
 * or only when the monitored value improves. Writes are atomic.
 * @example
 * const model = new nn.Linear(2, 1);
 * const [x, y] = [randn([32, 2]), randn([32, 1])];
 * fit(model, {
 *   loss: mseLoss, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 3, verbose: 0,
 *   train: [[x, y]], validation: [[x, y]],
 *   callbacks: [new ModelCheckpoint({ path: 'best.safetensors', saveBestOnly: true })],
 * });
 */
export class ModelCheckpoint implements Callback {
  readonly path: string;
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly saveBestOnly: boolean;
  readonly weightsOnly: boolean;
  best = Number.NaN;

  constructor({
    path,
    monitor = 'valLoss',
    mode = 'min',
    saveBestOnly = false,
    weightsOnly = false,
  }: ModelCheckpointOptions) {
    if (typeof path !== 'string' || path === '')
      throw new ValueError('ModelCheckpoint: path must be a file name');
    this.path = path;
    this.monitor = monitor;
    this.mode = mode;
    this.saveBestOnly = saveBestOnly;
    this.weightsOnly = weightsOnly;
  }

  onEpochEnd(epoch: number, logs: Logs, loop: TrainingLoop): void {
    if (this.saveBestOnly) {
      const value = logs[this.monitor];
      if (value === undefined)
        throw new ValueError(
          `ModelCheckpoint: monitor '${this.monitor}' is not logged; available: ${Object.keys(logs).join(', ')}`,
        );
      const better = this.mode === 'min' ? value < this.best : value > this.best;
      if (!(Number.isNaN(this.best) ? !Number.isNaN(value) : better)) return;
      this.best = value;
    }
    const path = this.path.replaceAll('{epoch}', String(epoch + 1));
    if (this.weightsOnly) saveWeights(path, loop.model);
    // fit's loop saves the scheduler, the data's position and every generator too.
    else if (loop.saveCheckpoint) loop.saveCheckpoint(path, { logs });
    else
      saveCheckpoint(path, {
        model: loop.model,
        optimizer: loop.optimizer,
        epoch: epoch + 1,
        step: loop.step,
        extra: { logs },
      });
  }
}
