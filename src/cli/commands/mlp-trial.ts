/**
 * One trial of `nabla tune mlp`, run in a worker process: trains the MNIST MLP with a config's
 * hyperparameters and returns its last epoch's training and dev metrics, and its latency.
 */
import {
  accuracy,
  crossEntropy,
  DataLoader,
  fit,
  Generator,
  type Logs,
  loadMnist,
  ModelCheckpoint,
  manualSeed,
  noGrad,
  optim,
  randomSplit,
  select,
} from '../../index.js';
import { mlp } from '../../models/mlp.js';
import { type Config, reportTo, type TrialFn, type TrialRecord } from '../../tune/index.js';

/** The MLP's hyperparameters as `nabla train mlp` uses them, with Adam's β1 and L2 (weight decay). */
export const defaultMlpTrialConfig = { lr: 1e-3, batchSize: 128, hidden: 512, l2: 0, dropout: 0, beta1: 0.9 };

/**
 * The model, data and optimizer of a trial, built from its config and seed the same way every
 * time: a babysat trial is built again, then its checkpoint loaded over it. `hidden` is the
 * first layer's width; the second is half of it (512 → 784-512-256-10, the default network).
 * `epochs` and `limit` (training digits) set the budget. The dev set is the same for every trial
 * (split with seed 0); the trial's seed drives the weights and the shuffle.
 */
function setUp(config: Config, seed: number) {
  const c = { ...defaultMlpTrialConfig, epochs: 3, limit: 12000, ...config } as Record<string, number>;
  manualSeed(seed);
  const all = loadMnist('train', { limit: c.limit });
  const devSize = Math.max(1, Math.round(all.length / 12));
  const [train, dev] = randomSplit(all, [all.length - devSize, devSize], { generator: new Generator(0) });
  const model = mlp({ hidden: [c.hidden!, Math.max(1, Math.round(c.hidden! / 2))], dropout: c.dropout! });
  const optimizer = new optim.Adam(model.parameters(), {
    lr: c.lr!,
    betas: [c.beta1!, 0.999],
    weightDecay: c.l2!,
  });
  const loaders = {
    train: new DataLoader(train!, { batchSize: c.batchSize!, shuffle: true, generator: new Generator(seed) }),
    validation: new DataLoader(dev!, { batchSize: 1000 }),
  };
  return { c, model, optimizer, loaders, devImages: dev!.tensors[0]! };
}

/** Trains one config for `nabla tune mlp`; with a checkpoint path, saves the run there after every epoch. */
export const trial: TrialFn = (config, context) => {
  const { c, model, optimizer, loaders, devImages } = setUp(config, context.seed);
  // Saved before the epoch is reported, so a trial stopped there can be babysat from it.
  const save = context.checkpoint === undefined ? [] : [new ModelCheckpoint({ path: context.checkpoint })];
  const history = fit(model, {
    loss: crossEntropy,
    optimizer,
    scheduler: new optim.CosineAnnealingLR(optimizer, c.epochs!),
    ...loaders,
    epochs: c.epochs!,
    metrics: { accuracy },
    callbacks: [...save, reportTo(context)],
    verbose: 0,
  });
  return { ...history.epochs.at(-1), latencyMs: latencyMs(model, devImages) };
};

export interface BabysitOptions {
  /** The new learning rate, kept for the epochs to come (no schedule). */
  lr: number;
  /** Epochs to train on from where the trial stopped. */
  epochs: number;
  /** Sees each new epoch as it ends (its 0-based number over the whole run). */
  onEpoch?: (epoch: number, logs: Logs) => void;
}

/**
 * The course's "pandas" way: continues one trial of `nabla tune mlp` from its checkpoint (model,
 * Adam's moments, the data's shuffle, the generators) at a new learning rate for more epochs,
 * saves the checkpoint again (so it can be babysat once more), and returns the trial's record
 * with its whole history: the epochs before the change and after it, each with the lr it trained
 * with, and the change noted in `babysat`.
 * @example
 * import { inProcess } from 'nabla/tune';
 * // A tiny trial (120 digits, one epoch) that saves its checkpoint, then one more epoch at lr 3e-4.
 * const job = { id: 0, seed: 1, config: { limit: 120, epochs: 1, hidden: 8, batchSize: 32 } };
 * const [first] = await inProcess(trial)([{ ...job, checkpoint: 'trial-0.safetensors' }]);
 * const record = babysitMlpTrial(first!, 'trial-0.safetensors', { lr: 3e-4, epochs: 1 });
 * record.history.map((h) => h.lr); // => [0.001, 0.0003]
 * record.babysat; // => [{ epoch: 1, lr: 0.0003 }]
 */
export function babysitMlpTrial(
  record: TrialRecord,
  checkpoint: string,
  options: BabysitOptions,
): TrialRecord {
  const { lr, epochs, onEpoch } = options;
  const { model, optimizer, loaders, devImages } = setUp(record.config, record.seed);
  const started = performance.now();
  const before = record.history.length;
  const history = fit(model, {
    loss: crossEntropy,
    optimizer,
    ...loaders,
    epochs: before + epochs,
    metrics: { accuracy },
    checkpoint: { path: checkpoint, resume: true },
    callbacks: [
      // After the checkpoint is loaded (with the rate it stopped at): the new rate.
      {
        onTrainBegin: () => {
          for (const group of optimizer.paramGroups) group.lr = lr;
        },
      },
      new ModelCheckpoint({ path: checkpoint }),
      { onEpochEnd: (epoch, logs) => onEpoch?.(epoch, logs) },
    ],
    verbose: 0,
  });
  return {
    ...record,
    status: 'done',
    metrics: { ...history.epochs.at(-1), latencyMs: latencyMs(model, devImages) },
    history: history.epochs.map((logs) => ({ ...logs })),
    seconds: record.seconds + (performance.now() - started) / 1000,
    babysat: [...(record.babysat ?? []), { epoch: before, lr }],
  };
}

/** Milliseconds to classify one digit, the median of 15 single-digit forward passes (a satisficing metric). */
function latencyMs(model: ReturnType<typeof mlp>, images: Parameters<typeof select>[0]): number {
  model.eval();
  const x = select(images, 0, 0).reshape([1, -1]);
  const times = noGrad(() =>
    Array.from({ length: 15 }, () => {
      const started = performance.now();
      model.forward(x).data();
      return performance.now() - started;
    }),
  );
  return times.sort((a, b) => a - b)[7]!;
}
