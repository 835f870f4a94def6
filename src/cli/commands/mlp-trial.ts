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
  loadMnist,
  manualSeed,
  noGrad,
  optim,
  randomSplit,
  select,
} from '../../index.js';
import { mlp } from '../../models/mlp.js';
import { reportTo, type TrialFn } from '../../tune/index.js';

/** The MLP's hyperparameters as `nabla train mlp` uses them, with Adam's β1 and L2 (weight decay). */
export const defaultMlpTrialConfig = { lr: 1e-3, batchSize: 128, hidden: 512, l2: 0, dropout: 0, beta1: 0.9 };

/**
 * `hidden` is the first layer's width; the second is half of it (512 → 784-512-256-10, the
 * default network). `epochs` and `limit` (training digits) set the budget. The dev set is the
 * same for every trial (split with seed 0); the trial's seed drives the weights and the shuffle.
 */
export const trial: TrialFn = (config, context) => {
  const c = { ...defaultMlpTrialConfig, epochs: 3, limit: 12000, ...config } as Record<string, number>;
  manualSeed(context.seed);
  const all = loadMnist('train', { limit: c.limit });
  const devSize = Math.max(1, Math.round(all.length / 12));
  const [train, dev] = randomSplit(all, [all.length - devSize, devSize], { generator: new Generator(0) });
  const model = mlp({ hidden: [c.hidden!, Math.max(1, Math.round(c.hidden! / 2))], dropout: c.dropout! });
  const optimizer = new optim.Adam(model.parameters(), {
    lr: c.lr!,
    betas: [c.beta1!, 0.999],
    weightDecay: c.l2!,
  });
  const history = fit(model, {
    loss: crossEntropy,
    optimizer,
    scheduler: new optim.CosineAnnealingLR(optimizer, c.epochs!),
    train: new DataLoader(train!, {
      batchSize: c.batchSize!,
      shuffle: true,
      generator: new Generator(context.seed),
    }),
    validation: new DataLoader(dev!, { batchSize: 1000 }),
    epochs: c.epochs!,
    metrics: { accuracy },
    callbacks: [reportTo(context)],
    verbose: 0,
  });
  return { ...history.epochs.at(-1), latencyMs: latencyMs(model, dev!.tensors[0]!) };
};

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
