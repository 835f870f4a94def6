import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { predictedLabels, targetLabels } from './labels.js';

/**
 * `'binary'`: the positive class only; `'macro'`: the mean over classes; `'micro'`: from pooled
 * counts; `'weighted'`: the mean over classes weighted by each class's support (its true count).
 */
export type Average = 'binary' | 'macro' | 'micro' | 'weighted';

export interface ScoreOptions {
  average?: Average;
  /** The positive class for `'binary'` (default 1). */
  posLabel?: number;
  /** Classes 0 … numClasses−1 for macro/micro (default: the labels seen in pred or target, as sklearn). */
  numClasses?: number;
  /** For one score per sample: predicted positive when score ≥ threshold (default 0.5). */
  threshold?: number;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

// x / y, or 0 when y is 0: sklearn's default for an undefined precision or recall.
const ratio = (x: number, y: number) => (y === 0 ? 0 : x / y);

function fromCounts({ tp, fp, fn }: Counts, beta: number): [number, number, number] {
  const p = ratio(tp, tp + fp);
  const r = ratio(tp, tp + fn);
  const b2 = beta * beta;
  return [p, r, ratio((1 + b2) * p * r, b2 * p + r)];
}

function perClass(pred: Tensor, target: Tensor, op: string, options: ScoreOptions): Map<number, Counts> {
  const p = predictedLabels(pred, target, op, options.threshold);
  const t = targetLabels(target, op);
  const classes =
    options.numClasses !== undefined
      ? Array.from({ length: options.numClasses }, (_, i) => i)
      : [...new Set([...t, ...p])].sort((a, b) => a - b);
  const counts = new Map(classes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  if (options.average === 'binary' || options.average === undefined) {
    const pos = options.posLabel ?? 1;
    if (!counts.has(pos)) counts.set(pos, { tp: 0, fp: 0, fn: 0 });
  }
  t.forEach((label, i) => {
    const guess = p[i]!;
    if (guess === label) counts.get(label)!.tp++;
    else {
      const g = counts.get(guess);
      const l = counts.get(label);
      if (!g || !l) throw new ValueError(`${op}: label ${g ? label : guess} is not below numClasses`);
      g.fp++;
      l.fn++;
    }
  });
  return counts;
}

// [precision, recall, F-beta] under the chosen averaging.
function scores(pred: Tensor, target: Tensor, beta: number, op: string, options: ScoreOptions): number[] {
  const average = options.average ?? 'binary';
  const counts = perClass(pred, target, op, options);
  if (average === 'binary') return fromCounts(counts.get(options.posLabel ?? 1)!, beta);
  if (average === 'micro') {
    const pooled = { tp: 0, fp: 0, fn: 0 };
    for (const c of counts.values()) {
      pooled.tp += c.tp;
      pooled.fp += c.fp;
      pooled.fn += c.fn;
    }
    return fromCounts(pooled, beta);
  }
  if (average !== 'macro' && average !== 'weighted')
    throw new ValueError(
      `${op}: average must be 'binary', 'macro', 'micro' or 'weighted', got ${JSON.stringify(average)}`,
    );
  const classes = [...counts.values()];
  const weights = classes.map((c) => (average === 'macro' ? 1 : c.tp + c.fn));
  const total = weights.reduce((a, b) => a + b, 0);
  const all = classes.map((c) => fromCounts(c, beta));
  return [0, 1, 2].map((k) =>
    ratio(
      all.reduce((s, v, i) => s + weights[i]! * v[k]!, 0),
      total,
    ),
  );
}

/**
 * F-beta: the weighted harmonic mean (1 + β²)·P·R / (β²·P + R); β > 1 favours recall.
 * @example
 * // pred [1, 1, 0, 1], target [1, 0, 0, 1]: P = 2/3, R = 1, F2 = 5·(2/3) / (4·(2/3) + 1) = 10/11
 * fbetaScore(tensor([1, 1, 0, 1], { dtype: 'int32' }), tensor([1, 0, 0, 1], { dtype: 'int32' }), 2);
 */
export function fbetaScore(pred: Tensor, target: Tensor, beta: number, options: ScoreOptions = {}): number {
  if (!(beta > 0)) throw new ValueError(`fbetaScore: beta must be positive, got ${beta}`);
  return scores(pred, target, beta, 'fbetaScore', options)[2]!;
}

/**
 * TP / (TP + FP): of the predicted positives, the fraction that are positive (0 when none are predicted).
 * @example
 * precision(tensor([1, 1, 0, 1], { dtype: 'int32' }), tensor([1, 0, 0, 1], { dtype: 'int32' })); // => 2 / 3
 */
export function precision(pred: Tensor, target: Tensor, options: ScoreOptions = {}): number {
  return scores(pred, target, 1, 'precision', options)[0]!;
}

/**
 * TP / (TP + FN): of the actual positives, the fraction found (0 when there are none).
 * @example
 * recall(tensor([1, 1, 0, 1], { dtype: 'int32' }), tensor([1, 0, 0, 1], { dtype: 'int32' })); // => 1
 */
export function recall(pred: Tensor, target: Tensor, options: ScoreOptions = {}): number {
  return scores(pred, target, 1, 'recall', options)[1]!;
}

/**
 * The harmonic mean of precision and recall, 2PR / (P + R).
 * @example
 * f1Score(tensor([1, 1, 0, 1], { dtype: 'int32' }), tensor([1, 0, 0, 1], { dtype: 'int32' })); // => 0.8
 */
export function f1Score(pred: Tensor, target: Tensor, options: ScoreOptions = {}): number {
  return scores(pred, target, 1, 'f1Score', options)[2]!;
}
