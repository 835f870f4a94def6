import type { Logs, SchedulerLike } from '../types.js';
import type { Callback, TrainingLoop } from './callback.js';

/** Keras's form of a schedule: the learning rate for `epoch` (0-based) given the current one. */
export type LrFunction = (epoch: number, lr: number) => number;

/**
 * Moves the learning rate once per epoch: a scheduler object is stepped at each epoch's end; a
 * function `(epoch, lr) => newLr` sets every parameter group's `lr` at each epoch's start.
 * @example
 * const optimizer = new optim.SGD(new nn.Linear(2, 1).parameters(), { lr: 0.1 });
 * new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * 0.9));
 * new LearningRateScheduler(new optim.StepLR(optimizer, 10));
 */
export class LearningRateScheduler implements Callback {
  constructor(readonly schedule: SchedulerLike | LrFunction) {}

  onEpochBegin(epoch: number, loop: TrainingLoop): void {
    if (typeof this.schedule !== 'function') return;
    const current = loop.optimizer.paramGroups[0]?.lr ?? Number.NaN;
    const lr = this.schedule(epoch, current);
    for (const group of loop.optimizer.paramGroups) group.lr = lr;
  }

  onEpochEnd(_epoch: number, _logs: Logs): void {
    if (typeof this.schedule !== 'function') this.schedule.step();
  }
}
