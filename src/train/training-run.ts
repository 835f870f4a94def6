import { noGrad } from '../autograd/grad-mode.js';
import { checkOptionKeys, FileFormatError, ValueError } from '../errors.js';
import { nodeFs } from '../platform/node.js';
import { defaultGenerator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback, TrainingLoop } from './callbacks/callback.js';
import { ProgressBarCallback } from './callbacks/progress-bar-callback.js';
import { type CheckpointParts, loadCheckpoint, type Stateful, saveCheckpoint } from './checkpoint.js';
import { evaluate } from './evaluate.js';
import type { FitOptions } from './fit.js';
import { type EpochLogs, History } from './history.js';
import { trainStepWithOutput } from './train-step.js';
import type { Logs } from './types.js';
import { batchSizeOf, splitBatch, valName, WeightedMeans } from './weighted-means.js';

// Every key of FitOptions: fit refuses others (a misspelt option would be ignored).
const FIT_OPTIONS = [
  'loss',
  'optimizer',
  'train',
  'validation',
  'epochs',
  'metrics',
  'callbacks',
  'scheduler',
  'schedulerStep',
  'verbose',
  'stream',
  'checkpoint',
];

/**
 * One run of `fit` as steps a driver calls in order: {@link begin}, then per epoch
 * {@link beginEpoch}, {@link step} per batch, {@link endEpoch}; finally {@link end} (or
 * {@link endAfterError}). `fit` drives it in one go, `fitAsync` awaits between steps; the
 * training itself is written once, here.
 */
export class TrainingRun {
  readonly loop: TrainingLoop;
  readonly callbacks: readonly Callback[];
  /** The epoch the next {@link beginEpoch} starts. */
  private nextEpoch = 0;
  /** Batches done in the current epoch: the index the next batch gets. */
  private batch = 0;
  private means = new WeightedMeans();
  private logs: Logs = {};
  /** Between beginEpoch and endEpoch. */
  private inEpoch = false;
  /** Resumed mid-epoch: where the epoch continues, and its running means. */
  private resumeAt: { batch: number; means: { sums: Logs; count: number } } | undefined;
  /** Batches of a source without a position of its own to pass over after resuming mid-epoch. */
  private skip = 0;

  constructor(
    model: TrainingLoop['model'],
    private readonly options: FitOptions<unknown>,
    op = 'fit',
  ) {
    checkOptionKeys(options, FIT_OPTIONS, op);
    const { epochs, verbose = 1, callbacks = [] } = options;
    if (!Number.isSafeInteger(epochs) || epochs < 0)
      throw new ValueError(`${op}: epochs must be a non-negative integer, got ${epochs}`);
    const all = [...callbacks];
    if (verbose > 0) all.unshift(new ProgressBarCallback({ stream: options.stream, lines: verbose === 2 }));
    this.callbacks = all;
    this.loop = {
      model,
      optimizer: options.optimizer,
      epochs,
      stepsPerEpoch: (options.train as { length?: number }).length,
      history: new History(),
      epoch: 0,
      step: 0,
      stopTraining: false,
      saveCheckpoint: (path, extra) => this.saveCheckpoint(path, extra),
    };
  }

  /**
   * Everything a checkpoint restores: model, optimizer, scheduler, the training data's position
   * and shuffle state (when it has them, as a DataLoader does), the default generator (dropout,
   * initialisation) and the generators named in the `checkpoint` option.
   */
  private parts(): CheckpointParts {
    const { optimizer, scheduler, train, checkpoint } = this.options;
    return {
      model: this.loop.model,
      optimizer,
      scheduler: isStateful(scheduler) ? scheduler : undefined,
      loader: isStateful(train) ? train : undefined,
      generators: [defaultGenerator, ...(checkpoint?.generators ?? [])],
    };
  }

  /** Writes the run's state to `path` (atomically): resuming from it continues exactly here. */
  saveCheckpoint(path: string, extra?: unknown): void {
    saveCheckpoint(path, {
      ...this.parts(),
      epoch: this.inEpoch ? this.loop.epoch : this.nextEpoch,
      step: this.loop.step,
      extra,
      run: {
        batch: this.inEpoch ? this.batch : 0,
        means: this.means.stateDict(),
        history: this.loop.history.epochs,
      },
    });
  }

  /** Restores a checkpoint written by {@link saveCheckpoint}: the next epoch continues where it stopped. */
  private restore(path: string): void {
    const { epoch, step, run } = loadCheckpoint(path, this.parts());
    const { batch, means, history } = (run ?? {}) as {
      batch?: unknown;
      means?: { sums?: unknown; count?: unknown };
      history?: unknown;
    };
    if (
      !Number.isSafeInteger(batch) ||
      (batch as number) < 0 ||
      typeof means?.count !== 'number' ||
      typeof means.sums !== 'object' ||
      !Array.isArray(history) ||
      history.length !== epoch
    )
      throw new FileFormatError(
        path,
        `is not a checkpoint of fit (its run state is ${JSON.stringify(run)?.slice(0, 200)})`,
      );
    this.nextEpoch = epoch;
    this.loop.step = step;
    this.loop.history.epochs.push(...(history as EpochLogs[]));
    this.logs = history.at(-1) ?? {};
    if ((batch as number) > 0)
      this.resumeAt = { batch: batch as number, means: means as { sums: Logs; count: number } };
  }

  begin(): void {
    const checkpoint = this.options.checkpoint;
    if (checkpoint?.resume && nodeFs('fit: resuming from a checkpoint').existsSync(checkpoint.path))
      this.restore(checkpoint.path);
    this.loop.model.train();
    for (const cb of this.callbacks) cb.onTrainBegin?.(this.loop);
  }

  /** Starts the next epoch; false when training is over (all epochs done, or stopped). */
  beginEpoch(): boolean {
    if (this.nextEpoch >= this.loop.epochs || this.loop.stopTraining) return false;
    this.loop.epoch = this.nextEpoch;
    this.inEpoch = true;
    if (this.resumeAt) {
      this.batch = this.resumeAt.batch;
      this.means.loadStateDict(this.resumeAt.means);
      // A DataLoader continues its pass by itself; any other source starts over, so its first
      // batches (seen before the checkpoint) are passed over.
      this.skip = isStateful(this.options.train) ? 0 : this.batch;
      this.resumeAt = undefined;
    }
    for (const cb of this.callbacks) cb.onEpochBegin?.(this.loop.epoch, this.loop);
    return true;
  }

  /** One optimizer step on `b`; then the batch callbacks, all with the same batch index. */
  step(b: readonly Tensor[]): void {
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    const { loss, optimizer, metrics = {}, scheduler, schedulerStep = 'epoch' } = this.options;
    const { inputs, target } = splitBatch(b, 'fit');
    const { loss: value, output } = trainStepWithOutput(this.loop.model, loss, optimizer, inputs, target);
    const values: Logs = { loss: value };
    noGrad(() => {
      for (const [name, fn] of Object.entries(metrics)) values[name] = fn(output, target);
    });
    this.means.add(values, batchSizeOf(b));
    this.loop.step++;
    if (scheduler && schedulerStep === 'batch') scheduler.step();
    const batch = this.batch++;
    const running = this.means.means();
    for (const cb of this.callbacks) cb.onBatchEnd?.(batch, running, this.loop);
  }

  /** Whether a callback asked to stop: the driver leaves the epoch's batches. */
  get stopped(): boolean {
    return this.loop.stopTraining;
  }

  /**
   * Validates (on `validation`, already a list of batches for `fitAsync`), logs the rate this
   * epoch trained with, steps an epoch scheduler and runs the epoch callbacks.
   */
  endEpoch(validation?: Iterable<readonly Tensor[]>): void {
    const { loss, optimizer, metrics = {}, scheduler, schedulerStep = 'epoch' } = this.options;
    const logs: Logs = { ...this.means.means() };
    if (validation) {
      const val = evaluate(this.loop.model, validation, { loss, metrics });
      for (const [name, v] of Object.entries(val)) logs[valName(name)] = v;
    }
    // The rate this epoch trained with, logged before the schedule moves it on.
    logs.lr = optimizer.paramGroups[0]?.lr ?? Number.NaN;
    if (scheduler && schedulerStep === 'epoch') scheduler.step();
    this.loop.history.epochs.push(logs as EpochLogs);
    this.logs = logs;
    this.means = new WeightedMeans();
    this.batch = 0;
    this.nextEpoch++;
    this.inEpoch = false;
    for (const cb of this.callbacks) cb.onEpochEnd?.(this.loop.epoch, logs, this.loop);
  }

  /**
   * Ctrl-C arrived (the driver calls this after the step that was running): writes the
   * checkpoint when one is configured, says where it is and how to resume, and records it in
   * the history. The epoch is not finished: no validation, no `onEpochEnd`.
   */
  interrupt(): void {
    const path = this.options.checkpoint?.path;
    const hint =
      this.options.checkpoint?.resumeHint ??
      `fit again with checkpoint: { path: ${JSON.stringify(path)}, resume: true }`;
    if (path !== undefined) this.saveCheckpoint(path);
    const { epoch, epochs, step } = this.loop;
    this.loop.history.interrupted = { epoch, batch: this.batch, step, checkpoint: path };
    this.loop.stopTraining = true;
    const where = `epoch ${epoch + 1}/${epochs}, batch ${this.batch} (step ${step})`;
    const saved =
      path === undefined
        ? 'no checkpoint path was configured, so nothing was saved'
        : `saved the run to ${path}\nto resume: ${hint}`;
    if ((this.options.verbose ?? 1) > 0)
      (this.options.stream ?? process.stdout).write(`\nstopped by Ctrl-C at ${where}: ${saved}\n`);
  }

  /** Runs `onTrainEnd` and returns the history. */
  end(): History {
    for (const cb of this.callbacks) cb.onTrainEnd?.(this.logs, this.loop);
    return this.loop.history;
  }

  /**
   * Training threw: `onTrainEnd` still runs (so a callback can close files or restore weights),
   * then the driver rethrows. An error from `onTrainEnd` itself is dropped: the first error
   * is the one that explains what happened.
   */
  endAfterError(): void {
    for (const cb of this.callbacks) {
      try {
        cb.onTrainEnd?.(this.logs, this.loop);
      } catch {
        // the training error propagates instead
      }
    }
  }
}

function isStateful(x: unknown): x is Stateful {
  return (
    typeof (x as Stateful | undefined)?.stateDict === 'function' &&
    typeof (x as Stateful | undefined)?.loadStateDict === 'function'
  );
}
