import { checkOptionKeys, ValueError } from '../../errors.js';
import { checkNonNegative } from '../checks.js';
import type { Optimizer } from '../optimizer.js';

export interface ReduceLROnPlateauOptions {
  /** 'min' when the metric should fall (a loss), 'max' when it should rise (an accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** The lr is multiplied by this on a plateau; in [0, 1). Default 0.1. */
  factor?: number;
  /** How many epochs without improvement are tolerated before the lr falls. Default 10. */
  patience?: number;
  /** The least change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** 'rel': better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again. Default 0. */
  cooldown?: number;
  /** The floor of the lr, one for all groups or one per group. Default 0. */
  minLr?: number | number[];
  /** A reduction smaller than this is skipped. Default 1e-8. */
  eps?: number;
}

/** What {@link ReduceLROnPlateau.stateDict} returns. */
export interface ReduceLROnPlateauStateDict {
  best: number;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

function checkCount(arg: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ValueError(`ReduceLROnPlateau: ${arg} must be an integer ≥ 0, got ${String(value)}`);
  }
}

/**
 * Cuts the lr by `factor` when a watched metric has stopped improving for more than `patience`
 * epochs (PyTorch's `ReduceLROnPlateau`): call `step(metric)` once per epoch with, say, the
 * validation loss. After a cut it waits `cooldown` epochs before counting again; the lr never
 * falls below `minLr`.
 * @example
 * const opt = new optim.SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 1 });
 * for (const loss of [1, 0.9, 0.9, 0.9]) sched.step(loss);
 * // two epochs without improvement, more than patience 1: the lr is halved
 * opt.paramGroups[0].lr; // => 0.5
 */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  /** The best metric seen (±Infinity before the first step). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel' } = options;
    const { cooldown = 0, minLr = 0, eps = 1e-8 } = options;
    const known = ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'];
    checkOptionKeys(options, known, 'ReduceLROnPlateau');
    if (mode !== 'min' && mode !== 'max') {
      throw new ValueError(`ReduceLROnPlateau: mode must be 'min' or 'max', got ${JSON.stringify(mode)}`);
    }
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      throw new ValueError(
        `ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got ${JSON.stringify(thresholdMode)}`,
      );
    }
    if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) {
      throw new ValueError(`ReduceLROnPlateau: factor must be in [0, 1), got ${factor}`);
    }
    checkCount('patience', patience);
    checkCount('cooldown', cooldown);
    checkNonNegative('ReduceLROnPlateau', 'threshold', threshold);
    checkNonNegative('ReduceLROnPlateau', 'eps', eps);
    const groups = optimizer.paramGroups.length;
    const minLrs = Array.isArray(minLr) ? [...minLr] : new Array<number>(groups).fill(minLr);
    if (minLrs.length !== groups) {
      throw new ValueError(
        `ReduceLROnPlateau: minLr must hold one lr per parameter group (${groups}), got ${minLrs.length}`,
      );
    }
    minLrs.forEach((m, i) => {
      checkNonNegative('ReduceLROnPlateau', `minLr[${i}]`, m);
    });
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = minLrs;
    this.eps = eps;
    this.best = mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  /** Whether `value` beats `best` by more than the threshold. */
  isBetter(value: number, best: number): boolean {
    const t = this.threshold;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? value < best * (1 - t) : value < best - t;
    return this.thresholdMode === 'rel' ? value > best * (1 + t) : value > best + t;
  }

  /**
   * Records one epoch's metric and cuts the lr if it has not improved for more than `patience` epochs.
   * @example
   * const opt = new optim.SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new ReduceLROnPlateau(opt, { patience: 0 });
   * sched.step(0.8); // the validation loss of epoch 1: the best so far
   * sched.step(0.9); // worse, more bad epochs than patience 0: lr × 0.1
   * opt.paramGroups[0].lr; // => 0.1
   */
  step(metric: number): void {
    if (typeof metric !== 'number' || Number.isNaN(metric)) {
      throw new ValueError(`ReduceLROnPlateau.step: metric must be a number, got ${String(metric)}`);
    }
    this.lastEpoch += 1;
    if (this.isBetter(metric, this.best)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in the cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduce();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  private reduce(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const next = Math.max(group.lr * this.factor, this.minLrs[i]!);
      if (group.lr - next > this.eps) group.lr = next;
    });
  }

  /**
   * The lr of each group now.
   * @example
   * const opt = new optim.SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 0 });
   * for (const loss of [1, 1]) sched.step(loss);
   * sched.getLastLr(); // => [0.5]
   */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * The counters and the best metric, to resume with {@link loadStateDict}.
   * @example
   * const opt = new optim.SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new ReduceLROnPlateau(opt, { patience: 5 });
   * for (const loss of [1, 0.5, 0.7]) sched.step(loss);
   * const saved = sched.stateDict();
   * saved; // => { best: 0.5, numBadEpochs: 1, cooldownCounter: 0, lastEpoch: 3 }
   */
  stateDict(): ReduceLROnPlateauStateDict {
    const { best, numBadEpochs, cooldownCounter, lastEpoch } = this;
    return { best, numBadEpochs, cooldownCounter, lastEpoch };
  }

  /**
   * Restores counters saved by {@link stateDict} (the lrs live in the optimizer's own state dict).
   * @example
   * const opt = new optim.SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
   * const sched = new ReduceLROnPlateau(opt, { patience: 5 });
   * sched.loadStateDict({ best: 0.5, numBadEpochs: 2, cooldownCounter: 0, lastEpoch: 7 });
   * sched.best; // => 0.5
   * sched.lastEpoch; // => 7
   */
  loadStateDict(dict: ReduceLROnPlateauStateDict): void {
    const { best, numBadEpochs, cooldownCounter, lastEpoch } = dict ?? {};
    if (typeof best !== 'number' || Number.isNaN(best)) {
      throw new ValueError(`ReduceLROnPlateau.loadStateDict: best must be a number, got ${String(best)}`);
    }
    checkCount('numBadEpochs', numBadEpochs);
    checkCount('cooldownCounter', cooldownCounter);
    checkCount('lastEpoch', lastEpoch);
    Object.assign(this, { best, numBadEpochs, cooldownCounter, lastEpoch });
  }
}
