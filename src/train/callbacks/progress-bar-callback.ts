import { ProgressBar, type ProgressStream } from '../progress-bar.js';
import type { Logs } from '../types.js';
import type { Callback, TrainingLoop } from './callback.js';

export interface ProgressBarCallbackOptions {
  /** Default `process.stdout`. */
  stream?: ProgressStream | undefined;
  /** One final line per epoch even on a terminal (fit's `verbose: 2`). */
  lines?: boolean;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

/**
 * Keras-style progress: `Epoch 1/5`, then a bar that fills during the epoch and ends with the
 * epoch's loss, metrics and validation values. In a log file (not a TTY) only the final line is written.
 * @example
 * const model = new nn.Linear(2, 1);
 * const [x, y] = [randn([32, 2]), randn([32, 1])];
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * fit(model, { loss: mseLoss, optimizer, epochs: 1, train: [[x, y]], verbose: 0, callbacks: [new ProgressBarCallback({ stream: { write: (text) => console.log(text) } })] });
 * // Epoch 1/1
 * // 1/1 [==============================] - 0s 2ms/step - loss: 1.2345
 */
export class ProgressBarCallback implements Callback {
  private readonly stream: ProgressStream;
  private readonly lines: boolean;
  private readonly now: (() => number) | undefined;
  private bar: ProgressBar | undefined;
  private batches = 0;

  constructor({ stream, lines = false, now }: ProgressBarCallbackOptions = {}) {
    this.stream = stream ?? process.stdout;
    this.lines = lines;
    this.now = now;
  }

  onEpochBegin(epoch: number, loop: TrainingLoop): void {
    this.stream.write(`Epoch ${epoch + 1}/${loop.epochs}\n`);
    this.batches = 0;
    this.bar = loop.stepsPerEpoch ? this.makeBar(loop.stepsPerEpoch) : undefined;
  }

  onBatchEnd(batch: number, logs: Logs): void {
    this.batches = batch + 1;
    if (this.bar && this.batches <= this.bar.total) this.bar.update(this.batches, shown(logs));
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    // A loader without a length: the bar is drawn once, at the end, with the batches counted.
    this.bar ??= this.makeBar(Math.max(this.batches, 1));
    this.bar.done(shown(logs));
    this.bar = undefined;
  }

  private makeBar(total: number): ProgressBar {
    const isTTY = this.lines ? false : undefined;
    return new ProgressBar({
      total,
      stream: this.stream,
      ...(isTTY === undefined ? {} : { isTTY }),
      ...(this.now ? { now: this.now } : {}),
    });
  }
}

// The learning rate is history, not progress: Keras leaves it off the bar too.
function shown(logs: Logs): Logs {
  const { lr: _lr, ...rest } = logs;
  return rest;
}
