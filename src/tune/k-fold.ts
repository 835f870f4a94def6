import {
  DataLoader,
  type Dataset,
  evaluate,
  type FitOptions,
  fit,
  Generator,
  type Logs,
  type OptimizerLike,
  type SchedulerLike,
  type Tensor,
  TensorDataset,
  take,
  ValueError,
} from '../index.js';

export interface Fold<T> {
  train: Dataset<T>;
  validation: Dataset<T>;
}

export interface KFoldOptions {
  /** Keep each class's share in every fold; the labels are the dataset's last tensor (default false). */
  stratified?: boolean;
  /** Seeds the shuffle (default 0). */
  seed?: number;
}

/**
 * k folds: the shuffled samples cut into k parts of sizes differing by at most one; fold i
 * validates on part i and trains on the rest. Stratified folds deal each class round the folds
 * in turn, so every fold keeps the class proportions (±1 sample per class).
 * @example
 * const data = new TensorDataset(randn([10, 2]), tensor([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], { dtype: 'int32' }));
 * const folds = kFold(data, 5, { stratified: true }); // 5 × { train: 8 samples, validation: 2 }
 */
export function kFold<T>(
  dataset: Dataset<T>,
  k: number,
  { stratified = false, seed = 0 }: KFoldOptions = {},
): Fold<T>[] {
  const n = dataset.length;
  if (!Number.isSafeInteger(k) || k < 2 || k > n)
    throw new ValueError(`kFold: k must be an integer from 2 to the dataset length ${n}, got ${k}`);
  const g = new Generator(seed);
  const parts: number[][] = Array.from({ length: k }, () => []);
  if (stratified) {
    let next = 0;
    for (const members of byClass(labelsOf(dataset)).values()) {
      for (const i of shuffle(members, g)) parts[next++ % k]!.push(i);
    }
  } else {
    const order = shuffle(
      Array.from({ length: n }, (_, i) => i),
      g,
    );
    let start = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
      parts[f] = order.slice(start, start + size);
      start += size;
    }
  }
  return parts.map((validation, f) => ({
    train: take(
      dataset,
      parts.flatMap((p, j) => (j === f ? [] : p)).sort((a, b) => a - b),
    ),
    validation: take(
      dataset,
      [...validation].sort((a, b) => a - b),
    ),
  }));
}

function labelsOf<T>(dataset: Dataset<T>): number[] {
  if (!(dataset instanceof TensorDataset) || dataset.tensors.length < 2)
    throw new ValueError('kFold: stratified folds need a TensorDataset whose last tensor holds the labels');
  const labels = Array.from(dataset.tensors[dataset.tensors.length - 1]!.data(), Number);
  if (labels.length !== dataset.length)
    throw new ValueError('kFold: stratified folds need one label per sample in the last tensor');
  return labels;
}

function byClass(labels: readonly number[]): Map<number, number[]> {
  const classes = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const members = classes.get(label);
    if (members) members.push(i);
    else classes.set(label, [i]);
  });
  return new Map([...classes.entries()].sort((a, b) => a[0] - b[0]));
}

function shuffle(items: number[], g: Generator): number[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = g.below(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A fresh model and its optimizer for one fold. */
export interface FoldSetup {
  model: Parameters<typeof fit>[0];
  optimizer: OptimizerLike;
  scheduler?: SchedulerLike;
}

export interface CrossValidateOptions
  extends Omit<FitOptions, 'optimizer' | 'train' | 'validation' | 'scheduler'>,
    KFoldOptions {
  batchSize?: number;
}

export interface CrossValidation {
  /** The validation loss and metrics of each fold. */
  folds: Logs[];
  mean: Logs;
  /** The population standard deviation over folds. */
  std: Logs;
}

/**
 * k-fold cross-validation: for each fold a fresh model from `buildModel(fold)` trains on the other
 * k − 1 parts and is evaluated on its own; returns per-fold values and their mean ± std.
 * @example
 * const data = new TensorDataset(randn([20, 2]), tensor(Array.from({ length: 20 }, (_, i) => i % 2), { dtype: 'int32' }));
 * const cv = crossValidate(() => {
 *   const model = new nn.Linear(2, 2);
 *   return { model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }) };
 * }, data, 4, { loss: crossEntropy, epochs: 1, metrics: { accuracy }, verbose: 0 });
 * cv.mean.accuracy; // the mean validation accuracy of the 4 folds
 */
export function crossValidate(
  buildModel: (fold: number) => FoldSetup,
  dataset: Dataset<Tensor[]>,
  k: number,
  options: CrossValidateOptions,
): CrossValidation {
  const { stratified, seed = 0, batchSize = 32, ...fitOptions } = options;
  const folds = kFold(dataset, k, { stratified, seed }).map((fold, f) => {
    const { model, optimizer, scheduler } = buildModel(f);
    const train = new DataLoader(fold.train, {
      batchSize,
      shuffle: true,
      generator: new Generator(seed + f + 1),
    });
    fit(model, { verbose: 0, ...fitOptions, optimizer, scheduler, train });
    const validation = new DataLoader(fold.validation, { batchSize: Math.max(batchSize, 256) });
    return evaluate(model, validation, { loss: fitOptions.loss, metrics: fitOptions.metrics });
  });
  const mean: Logs = {};
  const std: Logs = {};
  for (const key of Object.keys(folds[0] ?? {})) {
    const values = folds.map((f) => f[key]!);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[key] = m;
    std[key] = Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length);
  }
  return { folds, mean, std };
}
