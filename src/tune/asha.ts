import { type Logs, ValueError } from '../index.js';
import { modeOf, type Objective } from './trial.js';

/** Decides after each epoch whether a trial goes on. */
export interface Pruner {
  /** `epoch` counts from 0; returns false to stop the trial. */
  report(trialId: number, epoch: number, logs: Logs): boolean;
}

/**
 * A pruner whose answer may take a round trip (the rungs of a distributed search live in Redis):
 * what trials in worker processes take (`parallel`, `redisWorker`), which wait for the answer.
 */
export interface AsyncPruner {
  report(trialId: number, epoch: number, logs: Logs): boolean | Promise<boolean>;
}

export interface AshaOptions extends Objective {
  /** Epochs of the first rung (default 1). */
  minEpochs?: number;
  /** Keep the best 1/eta at each rung (default 3). */
  eta?: number;
  /** The epochs a trial trains when not stopped: no rung at or past it, since the trial is done there. */
  maxEpochs?: number;
}

/**
 * Asynchronous successive halving (ASHA), as early stopping: rungs sit at minEpochs·ηᵏ completed
 * epochs; a trial reaching a rung goes on only if its objective ranks in the best ⌊n/η⌋ of the
 * n trials that have reached that rung so far (the first η − 1 always go on). Poor trials stop
 * early and their epochs go to better ones, without waiting for a whole round.
 * @see https://arxiv.org/abs/1810.05934
 * @example
 * const asha = new Asha({ objective: 'valAccuracy', minEpochs: 1, eta: 3 });
 * asha.report(0, 0, { valAccuracy: 0.9 }); // true: the first at the rung goes on
 */
export class Asha implements Pruner {
  readonly minEpochs: number;
  readonly eta: number;
  /** The objective values recorded at each rung (by completed epochs). */
  readonly rungs = new Map<number, number[]>();
  private readonly sign: number;

  constructor(readonly options: AshaOptions) {
    const { minEpochs = 1, eta = 3 } = options;
    if (!Number.isSafeInteger(minEpochs) || minEpochs < 1)
      throw new ValueError(`Asha: minEpochs must be a positive integer, got ${minEpochs}`);
    if (!(Number.isFinite(eta) && eta >= 2)) throw new ValueError(`Asha: eta must be at least 2, got ${eta}`);
    this.minEpochs = minEpochs;
    this.eta = eta;
    this.sign = modeOf(options) === 'max' ? -1 : 1;
  }

  /** Whether `epochs` completed epochs is a rung. */
  isRung(epochs: number): boolean {
    if (this.options.maxEpochs !== undefined && epochs >= this.options.maxEpochs) return false;
    const k = Math.log(epochs / this.minEpochs) / Math.log(this.eta);
    return Math.abs(k - Math.round(k)) < 1e-9 && k >= -1e-9;
  }

  /**
   * A trial's place at a rung, lower is better: the objective, negated when it is maximised. A
   * trial without the objective, or a NaN one, is as bad as a trial gets (Infinity).
   */
  keyOf(logs: Logs): number {
    const value = logs[this.options.objective];
    return Number.isFinite(value) ? this.sign * value! : Infinity;
  }

  report(_trialId: number, epoch: number, logs: Logs): boolean {
    const rung = epoch + 1;
    if (!this.isRung(rung)) return true;
    const key = this.keyOf(logs);
    const values = this.rungs.get(rung) ?? [];
    values.push(key);
    this.rungs.set(rung, values);
    return goesOn(values.length, values.filter((v) => v < key).length, this.eta);
  }
}

/**
 * ASHA's rule at a rung: the n-th trial to reach it goes on when fewer than η have reached it (as
 * the 2nd of η = 3 below), or when fewer than ⌊n/η⌋ of them did better (it is in the best 1/η so
 * far). The Redis search applies the same rule in a Lua script (redis-asha.ts).
 * @example
 * goesOn(2, 1, 3); // => true
 * // 2 did better, and only the best ⌊6/3⌋ = 2 go on:
 * goesOn(6, 2, 3); // => false
 */
export function goesOn(n: number, better: number, eta: number): boolean {
  return n < eta || better < Math.floor(n / eta);
}
