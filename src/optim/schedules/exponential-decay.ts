import { ValueError } from '../../errors.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/**
 * The course's exponential decay α = base^epoch · α₀ (e.g. base 0.95), PyTorch's `ExponentialLR`.
 * @see https://www.coursera.org/learn/deep-neural-network (Ng, Improving Deep Neural Networks, week 2: learning rate decay)
 * @example
 * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
 * const sched = new ExponentialDecay(opt, 0.95);
 */
export class ExponentialDecay extends LRScheduler {
  readonly base: number;

  constructor(optimizer: Optimizer, base = 0.95) {
    if (typeof base !== 'number' || !(base > 0 && base <= 1)) {
      throw new ValueError(`ExponentialDecay: base must be in (0, 1], got ${base}`);
    }
    super('ExponentialDecay', optimizer, (epoch, lr0) => base ** epoch * lr0);
    this.base = base;
  }
}
