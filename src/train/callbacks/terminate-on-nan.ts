import { ValueError } from '../../errors.js';
import type { Logs } from '../types.js';
import type { Callback, TrainingLoop } from './callback.js';

/**
 * Ends training when the loss becomes NaN or infinite: `'stop'` (default) stops after the batch,
 * as Keras does; `'throw'` throws a ValueError naming the epoch and batch.
 * @example
 * const model = new nn.Linear(2, 1);
 * const [x, y] = [randn([32, 2]), randn([32, 1])];
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * fit(model, { loss: mseLoss, optimizer, epochs: 2, train: [[x, y]], verbose: 0, callbacks: [new TerminateOnNaN({ mode: 'throw' })] });
 */
export class TerminateOnNaN implements Callback {
  readonly mode: 'stop' | 'throw';
  /** The epoch and batch where the loss stopped being finite, once it has. */
  stoppedAt: { epoch: number; batch: number } | undefined;

  constructor({ mode = 'stop' }: { mode?: 'stop' | 'throw' } = {}) {
    this.mode = mode;
  }

  onBatchEnd(batch: number, logs: Logs, loop: TrainingLoop): void {
    const loss = logs.loss;
    if (loss === undefined || Number.isFinite(loss)) return;
    this.stoppedAt = { epoch: loop.epoch, batch };
    if (this.mode === 'throw')
      throw new ValueError(
        `TerminateOnNaN: the loss is ${loss} at epoch ${loop.epoch + 1}, batch ${batch + 1}`,
      );
    loop.stopTraining = true;
  }
}
