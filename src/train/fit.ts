import { noGrad } from '../autograd/grad-mode.js';
import { checkOptionKeys, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback, TrainingLoop } from './callbacks/callback.js';
import { ProgressBarCallback } from './callbacks/progress-bar-callback.js';
import { evaluate } from './evaluate.js';
import { type EpochLogs, History } from './history.js';
import type { ProgressStream } from './progress-bar.js';
import { trainStepWithOutput } from './train-step.js';
import type { Logs, LossFn, MetricFn, OptimizerLike, SchedulerLike, TrainableModel } from './types.js';
import { batchSizeOf, splitBatch, valName, WeightedMeans } from './weighted-means.js';

/** Batches `[...inputs, target]`, e.g. a DataLoader over a TensorDataset. */
export type BatchSource = Iterable<readonly Tensor[]> & { readonly length?: number };

export interface FitOptions {
  loss: LossFn;
  optimizer: OptimizerLike;
  train: BatchSource;
  validation?: BatchSource;
  epochs: number;
  /** Computed on every batch's output (without gradients) and on the validation set. */
  metrics?: Record<string, MetricFn>;
  callbacks?: Callback[];
  scheduler?: SchedulerLike;
  /** When the scheduler steps (default `'epoch'`). */
  schedulerStep?: 'epoch' | 'batch';
  /** 0 silent, 1 a progress bar per epoch, 2 one line per epoch (default 1). */
  verbose?: 0 | 1 | 2;
  /** Where progress goes (default `process.stdout`). */
  stream?: ProgressStream;
}

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
];

/**
 * Trains `model` for `epochs` passes over `train`: a loop of {@link trainStepWithOutput} calls,
 * with metrics, validation, a learning-rate schedule and callbacks. Returns the {@link History}.
 * Per-epoch `loss` and metrics are batch-size-weighted means over the epoch's batches.
 * @example
 * const model = new nn.Linear(4, 3);
 * const data = (n: number) => new TensorDataset(randn([n, 4]), randint(0, 3, [n]));
 * const trainLoader = new DataLoader(data(64), { batchSize: 16, shuffle: true });
 * const devLoader = new DataLoader(data(16), { batchSize: 16 });
 * const history = fit(model, {
 *   loss: crossEntropy, optimizer: new optim.Adam(model.parameters()), epochs: 5, verbose: 0,
 *   train: trainLoader, validation: devLoader, metrics: { accuracy },
 * });
 * history.get('valAccuracy'); // five numbers, one per epoch
 */

export function fit(model: TrainableModel, options: FitOptions): History {
  checkOptionKeys(options, FIT_OPTIONS, 'fit');
  const { epochs, verbose = 1, callbacks = [] } = options;
  if (!Number.isSafeInteger(epochs) || epochs < 0)
    throw new ValueError(`fit: epochs must be a non-negative integer, got ${epochs}`);
  const all = [...callbacks];
  if (verbose > 0) all.unshift(new ProgressBarCallback({ stream: options.stream, lines: verbose === 2 }));
  const loop: TrainingLoop = {
    model,
    optimizer: options.optimizer,
    epochs,
    stepsPerEpoch: options.train.length,
    history: new History(),
    epoch: 0,
    step: 0,
    stopTraining: false,
  };
  model.train();
  for (const cb of all) cb.onTrainBegin?.(loop);
  let logs: Logs = {};
  for (let epoch = 0; epoch < epochs && !loop.stopTraining; epoch++) {
    loop.epoch = epoch;
    for (const cb of all) cb.onEpochBegin?.(epoch, loop);
    logs = runEpoch(loop, options, all);
    loop.history.epochs.push(logs as EpochLogs);
    for (const cb of all) cb.onEpochEnd?.(epoch, logs, loop);
  }
  for (const cb of all) cb.onTrainEnd?.(logs, loop);
  return loop.history;
}

function runEpoch(loop: TrainingLoop, options: FitOptions, callbacks: readonly Callback[]): Logs {
  const { loss, optimizer, metrics = {}, scheduler, schedulerStep = 'epoch' } = options;
  const means = new WeightedMeans();
  let batch = 0;
  for (const b of options.train) {
    const { inputs, target } = splitBatch(b, 'fit');
    const { loss: value, output } = trainStepWithOutput(loop.model, loss, optimizer, inputs, target);
    const values: Logs = { loss: value };
    noGrad(() => {
      for (const [name, fn] of Object.entries(metrics)) values[name] = fn(output, target);
    });
    means.add(values, batchSizeOf(b));
    loop.step++;
    if (scheduler && schedulerStep === 'batch') scheduler.step();
    for (const cb of callbacks) cb.onBatchEnd?.(batch++, means.means(), loop);
    if (loop.stopTraining) break;
  }
  const logs: Logs = { ...means.means() };
  if (options.validation) {
    const val = evaluate(loop.model, options.validation, { loss, metrics });
    for (const [name, v] of Object.entries(val)) logs[valName(name)] = v;
  }
  // The rate this epoch trained with, logged before the schedule moves it on.
  logs.lr = optimizer.paramGroups[0]?.lr ?? Number.NaN;
  if (scheduler && schedulerStep === 'epoch') scheduler.step();
  return logs;
}
