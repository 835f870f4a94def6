import { ValueError } from '../../errors.js';
import type { Hyperparameters, Optimizer } from '../optimizer.js';

/** The learning rate of one group after `epoch` calls to `step()`, from its base lr. */
export type LrFormula = (epoch: number, baseLr: number) => number;

/** What {@link LRScheduler.stateDict} returns. */
export interface LRSchedulerStateDict {
  lastEpoch: number;
  baseLrs: number[];
}

/**
 * The base of every learning-rate schedule: a closed-form formula of the step count `lastEpoch`
 * and each group's base lr, written into `optimizer.paramGroups[i].lr` on construction (epoch 0)
 * and on every `step()`. Call `step()` once per epoch for a per-epoch schedule, or once per
 * mini-batch for a per-step one: the formula only counts calls. The base lr is the group's lr when
 * the first scheduler attached (kept as `initialLr`, so later schedulers share it).
 * @example
 * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
 * const sched = new optim.StepLR(opt, 30, 0.1);
 * for (let epoch = 0; epoch < 90; epoch++) {
 *   // ...train one epoch...
 *   sched.step();
 * }
 * sched.getLastLr(); // => [0.0001]
 */
export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  /** How many times `step()` ran (0 after construction). */
  lastEpoch = 0;
  baseLrs: number[];
  private readonly name: string;
  private readonly formula: LrFormula;
  private lastLr: number[] = [];

  constructor(name: string, optimizer: Optimizer, formula: LrFormula) {
    this.name = name;
    this.optimizer = optimizer;
    this.formula = formula;
    this.baseLrs = optimizer.paramGroups.map((g: Hyperparameters) => {
      g.initialLr ??= g.lr;
      return g.initialLr;
    });
    this.apply();
  }

  /** The lr this schedule gives a group with base lr `baseLr` after `epoch` steps (for plots). */
  lrAt(epoch: number, baseLr: number): number {
    return this.formula(epoch, baseLr);
  }

  /**
   * Advances one epoch (or one step) and sets every group's lr.
   * @example
   * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
   * const sched = new optim.StepLR(opt, 1, 0.5);
   * sched.step();
   * sched.getLastLr(); // => [0.05]
   */
  step(): void {
    this.lastEpoch += 1;
    this.apply();
  }

  /**
   * The lr of each group as last set by this scheduler.
   * @example
   * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
   * const sched = new optim.StepLR(opt, 30);
   * sched.getLastLr(); // => [0.1]
   */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  private apply(): void {
    const lrs = this.baseLrs.map((base) => this.formula(this.lastEpoch, base));
    lrs.forEach((lr, i) => {
      if (!Number.isFinite(lr) || lr < 0) {
        throw new ValueError(
          `${this.name}: the schedule gave lr ${lr} at epoch ${this.lastEpoch} (group ${i})`,
        );
      }
    });
    lrs.forEach((lr, i) => {
      this.optimizer.paramGroups[i]!.lr = lr;
    });
    this.lastLr = lrs;
  }

  /**
   * The step count and base lrs, to resume with {@link loadStateDict}.
   * @example
   * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
   * const sched = new optim.StepLR(opt, 30);
   * for (let i = 0; i < 3; i++) sched.step();
   * sched.stateDict(); // => { lastEpoch: 3, baseLrs: [0.1] }
   */
  stateDict(): LRSchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  /**
   * Restores a saved step count and base lrs and sets the groups' lr to match.
   * @example
   * const opt = new optim.SGD(new nn.Linear(4, 1).parameters(), { lr: 0.1 });
   * const sched = new optim.StepLR(opt, 30);
   * const saved = { lastEpoch: 3, baseLrs: [0.1] };
   * sched.loadStateDict(saved);
   */
  loadStateDict(dict: LRSchedulerStateDict): void {
    const { lastEpoch, baseLrs } = dict ?? {};
    if (typeof lastEpoch !== 'number' || !Number.isInteger(lastEpoch) || lastEpoch < 0) {
      throw new ValueError(`${this.name}.loadStateDict: lastEpoch must be an integer ≥ 0, got ${lastEpoch}`);
    }
    const groups = this.optimizer.paramGroups.length;
    if (!Array.isArray(baseLrs) || baseLrs.length !== groups) {
      throw new ValueError(
        `${this.name}.loadStateDict: baseLrs must hold one lr per parameter group (${groups}), got ${JSON.stringify(baseLrs)}`,
      );
    }
    this.lastEpoch = lastEpoch;
    this.baseLrs = [...baseLrs];
    this.apply();
  }
}
