import { checkNonNegative } from '../checks.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/**
 * The course's α = k/√epoch · α₀ — or α = k/√t · α₀ when `step()` is called per mini-batch t.
 * The formula is undefined before the first step, so epoch 0 uses t = 1: the lr is k·α₀ after 0
 * and 1 steps, then k/√2·α₀, k/√3·α₀, ...
 * @see https://www.coursera.org/learn/deep-neural-network (Ng, Improving Deep Neural Networks, week 2: learning rate decay)
 * @example
 * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
 * const sched = new InverseSqrtDecay(opt, 1); // call sched.step() after every batch for k/√t
 */
export class InverseSqrtDecay extends LRScheduler {
  readonly k: number;

  constructor(optimizer: Optimizer, k = 1) {
    checkNonNegative('InverseSqrtDecay', 'k', k);
    super('InverseSqrtDecay', optimizer, (epoch, base) => (k / Math.sqrt(Math.max(epoch, 1))) * base);
    this.k = k;
  }
}
