import { checkNonNegative, checkPositiveInteger } from '../checks.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/**
 * Multiplies the lr by `gamma` every `stepSize` steps: α = α₀ · gamma^⌊epoch / stepSize⌋.
 * @example
 * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
 * const sched = new StepLR(opt, 30, 0.1); // α₀ for epochs 0–29, α₀/10 for 30–59, ...
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, stepSize: number, gamma = 0.1) {
    checkPositiveInteger('StepLR', 'stepSize', stepSize);
    checkNonNegative('StepLR', 'gamma', gamma);
    super('StepLR', optimizer, (epoch, base) => base * gamma ** Math.floor(epoch / stepSize));
    this.stepSize = stepSize;
    this.gamma = gamma;
  }
}
