import { checkNonNegative } from '../checks.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/**
 * The course's learning-rate decay α = α₀ / (1 + decayRate·epoch), with `epoch` the number of
 * `step()` calls. With α₀ = 0.2 and decayRate = 1 the lr after 1, 2, 3, 4 steps is 0.1, 0.067,
 * 0.05, 0.04 (the course's table, which numbers epochs from 1).
 * @see https://www.coursera.org/learn/deep-neural-network (Ng, Improving Deep Neural Networks, week 2: learning rate decay)
 * @example
 * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
 * const sched = new InverseTimeDecay(opt, 1);
 */
export class InverseTimeDecay extends LRScheduler {
  readonly decayRate: number;

  constructor(optimizer: Optimizer, decayRate: number) {
    checkNonNegative('InverseTimeDecay', 'decayRate', decayRate);
    super('InverseTimeDecay', optimizer, (epoch, base) => base / (1 + decayRate * epoch));
    this.decayRate = decayRate;
  }
}
