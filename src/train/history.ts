import type { Logs } from './types.js';

/** One epoch's values: the training loss and learning rate always, then metrics and validation. */
export interface EpochLogs extends Logs {
  loss: number;
  lr: number;
}

/**
 * What `fit` returns: one {@link EpochLogs} per epoch.
 * @example
 * const model = new nn.Linear(2, 1);
 * const [x, y] = [randn([32, 2]), randn([32, 1])];
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const history = fit(model, { loss: mseLoss, optimizer, epochs: 3, train: [[x, y]], validation: [[x, y]], verbose: 0 });
 * history.epochs[0]!.loss;
 * history.get('valLoss'); // [0.52, 0.41, ...]
 */
export class History {
  readonly epochs: EpochLogs[] = [];
  /**
   * Set when Ctrl-C stopped `fitAsync`: where (the epoch and batch that were running, the
   * steps taken) and the checkpoint it wrote (when one was configured). `epochs` holds the
   * finished epochs only.
   */
  interrupted: { epoch: number; batch: number; step: number; checkpoint: string | undefined } | undefined;

  /** One value per epoch for `key` (NaN where an epoch lacks it). */
  get(key: string): number[] {
    return this.epochs.map((e) => e[key] ?? Number.NaN);
  }

  /** The keys logged in any epoch, in first-seen order. */
  keys(): string[] {
    return [...new Set(this.epochs.flatMap((e) => Object.keys(e)))];
  }
}
