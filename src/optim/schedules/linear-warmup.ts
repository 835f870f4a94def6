import { ValueError } from '../../errors.js';
import { checkPositiveInteger } from '../checks.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/**
 * Ramps the lr linearly over `warmupSteps` steps, then hands over to `then` (or stays constant):
 * step e < warmupSteps uses (e + 1)/warmupSteps of then's first lr, so step warmupSteps − 1 reaches
 * it, and step e ≥ warmupSteps − 1 uses then's lr at e − (warmupSteps − 1). Build `then` on the
 * same optimizer first and step only the warmup (it drives `then`).
 * @see https://arxiv.org/abs/1706.02677 (Goyal et al., gradual warmup)
 * @example
 * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
 * const sched = new LinearWarmup(opt, 4, new optim.CosineAnnealingLR(opt, 100)); // 0.25α₀, 0.5α₀, 0.75α₀, α₀, cosine...
 */
export class LinearWarmup extends LRScheduler {
  readonly warmupSteps: number;
  /** The schedule after the warmup (named `after`: a `then` field would make this a thenable). */
  readonly after: LRScheduler | undefined;

  constructor(optimizer: Optimizer, warmupSteps: number, then?: LRScheduler) {
    checkPositiveInteger('LinearWarmup', 'warmupSteps', warmupSteps);
    if (then && then.optimizer !== optimizer) {
      throw new ValueError('LinearWarmup: then must schedule the same optimizer as the warmup');
    }
    const next = (epoch: number, base: number): number => (then ? then.lrAt(epoch, base) : base);
    super('LinearWarmup', optimizer, (epoch, base) =>
      epoch < warmupSteps - 1
        ? (next(0, base) * (epoch + 1)) / warmupSteps
        : next(epoch - warmupSteps + 1, base),
    );
    this.warmupSteps = warmupSteps;
    this.after = then;
  }
}
