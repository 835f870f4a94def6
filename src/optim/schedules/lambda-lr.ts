import { ValueError } from '../../errors.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/**
 * A manual schedule: α = α₀ · fn(epoch).
 * @example
 * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
 * const sched = new LambdaLR(opt, (epoch) => (epoch < 10 ? 1 : 0.1));
 */
export class LambdaLR extends LRScheduler {
  constructor(optimizer: Optimizer, fn: (epoch: number) => number) {
    if (typeof fn !== 'function') throw new ValueError(`LambdaLR: fn must be a function, got ${typeof fn}`);
    super('LambdaLR', optimizer, (epoch, base) => base * fn(epoch));
  }
}
