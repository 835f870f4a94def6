import { ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Dataset, TensorDataset } from './dataset.js';
import { concatenate, take } from './take.js';

export interface SplitOptions {
  /** Drives the shuffle (default: the global generator). */
  generator?: Generator;
  /** One class label per sample: every part then keeps the class proportions (±1 sample). */
  stratify?: Tensor | readonly number[];
}

/**
 * Splits a dataset at random into parts of the given fractions (summing to 1) or counts (summing
 * to the length): 70/30, 60/20/20, or 98/1/1 for a million examples. Tensor datasets split into
 * tensor datasets.
 * @example
 * const data = new TensorDataset(randn([10, 2]));
 * const [train, dev, test] = randomSplit(data, [0.6, 0.2, 0.2], { generator: new Generator(0) });
 * [train!.length, dev!.length, test!.length]; // => [6, 2, 2]
 */
export function randomSplit(
  dataset: TensorDataset,
  sizes: readonly number[],
  options?: SplitOptions,
): TensorDataset[];
export function randomSplit<T>(
  dataset: Dataset<T>,
  sizes: readonly number[],
  options?: SplitOptions,
): Dataset<T>[];
export function randomSplit<T>(
  dataset: Dataset<T>,
  sizes: readonly number[],
  { generator = defaultGenerator, stratify }: SplitOptions = {},
): Dataset<T>[] {
  const n = dataset.length;
  const counts = partSizes(n, sizes, 'randomSplit');
  const order = stratify ? stratifiedOrder(labelsOf(stratify, n), generator) : shuffled(n, generator);
  const parts: Dataset<T>[] = [];
  let start = 0;
  for (const count of counts) {
    parts.push(take(dataset, order.slice(start, start + count)));
    start += count;
  }
  return parts;
}

/**
 * Part sizes from fractions or counts. Fractions become counts by the largest-remainder rule, so
 * they always add up to `n` (0.29 · 100 is 28.999… in floating point, and still gives 29).
 * @example
 * partSizes(10, [0.7, 0.3], 'randomSplit'); // => [7, 3]
 */
export function partSizes(n: number, sizes: readonly number[], op: string): number[] {
  if (sizes.length === 0 || sizes.some((s) => !Number.isFinite(s) || s < 0))
    throw new ValueError(`${op}: sizes must be non-negative numbers, got [${sizes.join(', ')}]`);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.every(Number.isInteger) && total === n) return [...sizes];
  if (Math.abs(total - 1) > 1e-9) {
    throw new ValueError(
      `${op}: sizes [${sizes.join(', ')}] must be counts summing to the dataset length ${n} or fractions summing to 1, got a sum of ${Number(total.toPrecision(12))}`,
    );
  }
  const exact = sizes.map((f) => f * n);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  return counts;
}

function shuffled(n: number, generator: Generator): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = generator.below(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

// Shuffles each class, gives every sample its quantile (rank + ½) / classSize within its class,
// and sorts by it: any contiguous cut of the result then holds each class in proportion.
function stratifiedOrder(labels: readonly number[], generator: Generator): number[] {
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const members = byClass.get(label);
    if (members) members.push(i);
    else byClass.set(label, [i]);
  });
  const keyed: { index: number; key: number; tie: number }[] = [];
  for (const members of byClass.values()) {
    shuffled(members.length, generator).forEach((m, rank) => {
      keyed.push({ index: members[m]!, key: (rank + 0.5) / members.length, tie: generator.uniform() });
    });
  }
  return keyed.sort((a, b) => a.key - b.key || a.tie - b.tie).map((k) => k.index);
}

function labelsOf(stratify: Tensor | readonly number[], n: number): number[] {
  const labels = Array.isArray(stratify) ? [...stratify] : Array.from((stratify as Tensor).data(), Number);
  if (labels.length !== n)
    throw new ValueError(`randomSplit: stratify has ${labels.length} labels for a dataset of length ${n}`);
  return labels;
}

export interface TrainDevTestSizes {
  /** Held out of the training mix, same distribution as train (a fraction below 1, or a count). */
  trainDev: number;
  /** Taken from the target distribution (a fraction below 1, or a count). */
  dev: number;
  /** Taken from the target distribution (a fraction below 1, or a count). */
  test: number;
}

export interface TrainDevTestSplit<T> {
  train: Dataset<T>;
  trainDev: Dataset<T>;
  dev: Dataset<T>;
  test: Dataset<T>;
}

/**
 * The four sets for mismatched training and target distributions (Ng, "Structuring Machine
 * Learning Projects"): dev and test come from the target distribution only; what is left of the
 * target joins the source data for training; train-dev is carved from that training mix, so the
 * gap train → train-dev measures variance and train-dev → dev measures data mismatch.
 * @example
 * // 2,000 web photos, 100 phone photos (here their indices): dev and test 25 phone photos each.
 * const web = new TensorDataset(arange(2000));
 * const phone = new TensorDataset(arange(100));
 * const { train, trainDev, dev, test } = trainDevTestSplit(web, phone, { trainDev: 0.02, dev: 25, test: 25 });
 * [train.length, trainDev.length, dev.length, test.length]; // => [2009, 41, 25, 25]
 */
export function trainDevTestSplit<T>(
  source: Dataset<T>,
  target: Dataset<T>,
  sizes: TrainDevTestSizes,
  { generator = defaultGenerator }: { generator?: Generator } = {},
): TrainDevTestSplit<T> {
  const m = target.length;
  // Below 1 a size is a fraction; from 1 up, a count.
  const asCount = (s: number, of: number, name: string) => {
    const count = s >= 1 ? s : Math.round(s * of);
    if (!(s >= 0) || !Number.isInteger(count) || count > of)
      throw new ValueError(
        `trainDevTestSplit: ${name} (${s}) must be a fraction in [0, 1) or a whole count ≤ ${of}`,
      );
    return count;
  };
  const dev = asCount(sizes.dev, m, 'dev');
  const test = asCount(sizes.test, m, 'test');
  if (dev + test > m)
    throw new ValueError(`trainDevTestSplit: dev (${dev}) + test (${test}) exceed the target's ${m} samples`);
  const [devSet, testSet, rest] = randomSplit(target, [dev, test, m - dev - test], { generator });
  const pool = concatenate([source, rest!]);
  const trainDev = asCount(sizes.trainDev, pool.length, 'trainDev');
  const [train, trainDevSet] = randomSplit(pool, [pool.length - trainDev, trainDev], { generator });
  return { train: train!, trainDev: trainDevSet!, dev: devSet!, test: testSet! };
}
