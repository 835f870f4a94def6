import { checkNonNegative, checkPositiveInteger } from '../checks.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/**
 * Half a cosine from α₀ down to `etaMin` over `tMax` steps:
 * α = etaMin + (α₀ − etaMin)·(1 + cos(π·epoch/tMax))/2 (past tMax it climbs back, as SGDR's restart).
 * @see https://arxiv.org/abs/1608.03983 (Loshchilov & Hutter, SGDR)
 * @example
 * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
 * const sched = new CosineAnnealingLR(opt, 100, 1e-5);
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, tMax: number, etaMin = 0) {
    checkPositiveInteger('CosineAnnealingLR', 'tMax', tMax);
    checkNonNegative('CosineAnnealingLR', 'etaMin', etaMin);
    super(
      'CosineAnnealingLR',
      optimizer,
      (epoch, base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2,
    );
    this.tMax = tMax;
    this.etaMin = etaMin;
  }
}
