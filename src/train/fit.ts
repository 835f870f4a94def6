import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback } from './callbacks/callback.js';
import type { History } from './history.js';
import type { ProgressStream } from './progress-bar.js';
import { TrainingRun } from './training-run.js';
import type { LossFn, MetricFn, OptimizerLike, SchedulerLike, TrainableModel } from './types.js';

/** Batches `[...inputs, target]`, e.g. a DataLoader over a TensorDataset. */
export type BatchSource = Iterable<readonly Tensor[]> & { readonly length?: number };

/** `fit`'s options; `S` is the kind of batch source (`fitAsync` also takes async iterables). */
export interface FitOptions<S = BatchSource> {
  loss: LossFn;
  optimizer: OptimizerLike;
  train: S;
  validation?: S;
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
  /** A checkpoint file for the run: written on Ctrl-C (by `fitAsync`), read back with `resume`. */
  checkpoint?: FitCheckpointOptions;
}

/**
 * Where and how `fit` keeps the run's state. A checkpoint holds the model, optimizer, scheduler,
 * the data's position and shuffle state (a DataLoader's), fit's running means and history, the
 * default generator and `generators`: a run resumed from it, even mid-epoch, continues bit for
 * bit as if it had not stopped (given the same options and fresh objects built the same way).
 */
export interface FitCheckpointOptions {
  /** The safetensors file. */
  path: string;
  /** Continue from `path` when that file exists (default false): a finished epoch is not run again. */
  resume?: boolean;
  /** More generators to save and restore (augmentation, a loader's own generator is saved with it). */
  generators?: Generator[];
  /** How to resume, for the message Ctrl-C prints (default: the `fit` option to pass), e.g. a command line. */
  resumeHint?: string;
}

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
  const run = new TrainingRun(model, options);
  try {
    run.begin();
    while (run.beginEpoch()) {
      for (const b of options.train) {
        run.step(b);
        if (run.stopped) break;
      }
      run.endEpoch(options.validation);
    }
  } catch (error) {
    run.endAfterError();
    throw error;
  }
  return run.end();
}

/** Batches for {@link fitAsync}: sync or async iterables (a DataLoader, an async generator, a stream). */
export type AsyncBatchSource = (Iterable<readonly Tensor[]> | AsyncIterable<readonly Tensor[]>) & {
  readonly length?: number;
};

/**
 * {@link fit} as a promise, like TensorFlow.js's `model.fit`: the same training, callbacks and
 * History, but it yields to the event loop after every step (so timers, I/O and servers keep
 * running) and `train` and `validation` may be async iterables. A separate function rather than
 * an option of `fit`, because `fit` returning a History synchronously is what its callers rely
 * on, and a return type that changes with an option is easy to get wrong. An async
 * `validation` is read into a list of batches at each epoch's end.
 *
 * Ctrl-C (SIGINT) while it runs finishes the current step, writes `checkpoint.path` (when
 * given), prints where it is and how to resume, and returns the History with `interrupted` set;
 * a second Ctrl-C exits the process at once (code 130). (`fit` cannot do this: it holds the
 * event loop, where signals are delivered, so Ctrl-C ends the process as usual.)
 * @example
 * const model = new nn.Linear(1, 1);
 * const x = tensor([[1], [2]]);
 * const history = await fitAsync(model, {
 *   loss: nn.mseLoss, optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
 *   train: [[x, x.mul(2)]], epochs: 2, verbose: 0,
 * });
 * history.epochs.length; // 2
 */
export async function fitAsync(
  model: TrainableModel,
  options: FitOptions<AsyncBatchSource>,
): Promise<History> {
  const run = new TrainingRun(model, options as FitOptions<unknown>, 'fitAsync');
  let interrupted = false;
  // First Ctrl-C: finish the step, checkpoint, stop. Second: leave at once, as Ctrl-C would.
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  try {
    run.begin();
    epochs: while (run.beginEpoch()) {
      for await (const b of options.train) {
        run.step(b);
        await yieldToEventLoop();
        if (interrupted) {
          run.interrupt();
          break epochs;
        }
        if (run.stopped) break;
      }
      run.endEpoch(options.validation && (await listOf(options.validation)));
    }
  } catch (error) {
    run.endAfterError();
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
  return run.end();
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function listOf(
  source: Iterable<readonly Tensor[]> | AsyncIterable<readonly Tensor[]>,
): Promise<Iterable<readonly Tensor[]>> {
  if (Symbol.iterator in source) return source;
  const batches: (readonly Tensor[])[] = [];
  for await (const b of source) batches.push(b);
  return batches;
}
