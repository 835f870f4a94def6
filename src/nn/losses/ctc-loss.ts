import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { expectFloat, expectTensor } from '../../ops/core/convert.js';
import { defineOp } from '../../ops/core/define-op.js';
import { div } from '../../ops/div.js';
import { mean } from '../../ops/mean.js';
import { mul } from '../../ops/mul.js';
import { reshape } from '../../ops/reshape.js';
import { sum } from '../../ops/sum.js';
import { tensor } from '../../tensor/creation.js';
import { formatShape } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Reduction } from './reduction.js';

/** Options of `ctcLoss`. */
export interface CtcLossOptions {
  /** The blank class (default 0). */
  blank?: number;
  /** 'mean' (default) divides each loss by its target length, then averages over the batch. */
  reduction?: Reduction;
  /** Replace infinite losses (no possible alignment) and their gradients by 0 (default false). */
  zeroInfinity?: boolean;
}

/** One batch, checked: the label sequence and input length of every sample. */
interface CtcProblem {
  labels: number[][];
  inputLengths: number[];
  blank: number;
  zeroInfinity: boolean;
}

const NEG_INF = Number.NEGATIVE_INFINITY;

/** log(eᵃ + eᵇ) without overflow; −∞ is the identity. */
function logAdd(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * The forward (α) and backward (β) variables of one sample over the blank-extended label
 * l' = (b, l₁, b, l₂, ..., b), both in log space and both including the emission at t, so that
 * α_t(s) + β_t(s) − log y_t(l'_s) is the log-probability of all alignments through (t, s).
 * @see https://www.cs.toronto.edu/~graves/icml_2006.pdf (Graves et al. 2006, section 4.1)
 */
function alphaBeta(
  lp: (t: number, c: number) => number,
  steps: number,
  labels: readonly number[],
  blank: number,
): { alpha: Float64Array; beta: Float64Array; logLik: number; width: number } {
  const width = 2 * labels.length + 1;
  const ext = (s: number): number => (s % 2 === 0 ? blank : labels[(s - 1) / 2]!);
  // A skip over a blank is allowed unless it would merge two equal labels.
  const canSkip = (s: number, to: number): boolean => ext(s) !== blank && ext(s) !== ext(to);
  const alpha = new Float64Array(steps * width).fill(NEG_INF);
  const beta = new Float64Array(steps * width).fill(NEG_INF);
  if (steps === 0) return { alpha, beta, logLik: labels.length === 0 ? 0 : NEG_INF, width };
  alpha[0] = lp(0, blank);
  if (width > 1) alpha[1] = lp(0, ext(1));
  for (let t = 1; t < steps; t++) {
    for (let s = 0; s < width; s++) {
      const prev = (t - 1) * width + s;
      let a = alpha[prev]!;
      if (s > 0) a = logAdd(a, alpha[prev - 1]!);
      if (s > 1 && canSkip(s, s - 2)) a = logAdd(a, alpha[prev - 2]!);
      alpha[t * width + s] = a + lp(t, ext(s));
    }
  }
  const last = (steps - 1) * width;
  beta[last + width - 1] = lp(steps - 1, blank);
  if (width > 1) beta[last + width - 2] = lp(steps - 1, ext(width - 2));
  for (let t = steps - 2; t >= 0; t--) {
    for (let s = 0; s < width; s++) {
      const next = (t + 1) * width + s;
      let b = beta[next]!;
      if (s < width - 1) b = logAdd(b, beta[next + 1]!);
      if (s < width - 2 && canSkip(s, s + 2)) b = logAdd(b, beta[next + 2]!);
      beta[t * width + s] = b + lp(t, ext(s));
    }
  }
  const logLik = logAdd(alpha[last + width - 1]!, width > 1 ? alpha[last + width - 2]! : NEG_INF);
  return { alpha, beta, logLik, width };
}

/** A reader of logProbs[t, n, c] for one sample n of a contiguous [T, N, C] array. */
function sampleReader(
  data: ArrayLike<number>,
  n: number,
  batch: number,
  classes: number,
): (t: number, c: number) => number {
  return (t, c) => data[(t * batch + n) * classes + c]!;
}

/** −log p(l | x) for every sample, as float64 numbers. */
function ctcLosses(logProbs: Tensor, problem: CtcProblem): Float64Array {
  const [, batch, classes] = logProbs.shape as [number, number, number];
  const data = logProbs.data();
  return Float64Array.from(problem.labels, (labels, n) => {
    const lp = sampleReader(data, n, batch, classes);
    const loss = -alphaBeta(lp, problem.inputLengths[n]!, labels, problem.blank).logLik;
    return problem.zeroInfinity && loss === Number.POSITIVE_INFINITY ? 0 : loss;
  });
}

/**
 * ∂(−log p)/∂logProbs[t, n, c] = −Σ_{s: l'_s = c} e^(α_t(s) + β_t(s) − logProbs[t, n, c] − log p):
 * the true gradient with respect to log-probabilities taken as free inputs. (PyTorch's kernel
 * adds e^logProbs, which is the same once it flows back through a log-softmax, whose rows of
 * gradient sum to zero.) Zero after each sample's input length; NaN for an infinite loss unless
 * zeroInfinity, which makes it zero.
 */
function ctcGradient(logProbs: Tensor, problem: CtcProblem): Float64Array {
  const [steps, batch, classes] = logProbs.shape as [number, number, number];
  const data = logProbs.data();
  const grad = new Float64Array(steps * batch * classes);
  problem.labels.forEach((labels, n) => {
    const lp = sampleReader(data, n, batch, classes);
    const inputLength = problem.inputLengths[n]!;
    const { alpha, beta, logLik, width } = alphaBeta(lp, inputLength, labels, problem.blank);
    if (logLik === NEG_INF && problem.zeroInfinity) return;
    const acc = new Float64Array(classes);
    for (let t = 0; t < inputLength; t++) {
      acc.fill(NEG_INF);
      for (let s = 0; s < width; s++) {
        const c = s % 2 === 0 ? problem.blank : labels[(s - 1) / 2]!;
        acc[c] = logAdd(acc[c]!, alpha[t * width + s]! + beta[t * width + s]!);
      }
      for (let c = 0; c < classes; c++) {
        const i = (t * batch + n) * classes + c;
        grad[i] =
          logLik === NEG_INF ? Number.NaN : acc[c] === NEG_INF ? 0 : -Math.exp(acc[c]! - lp(t, c) - logLik);
      }
    }
  });
  return grad;
}

/** The per-sample CTC losses `[N]` as a primitive with its own gradient. */
const ctcPerSample: (logProbs: Tensor, problem: CtcProblem) => Tensor = defineOp({
  name: 'ctcLoss',
  forward: (logProbs: Tensor, problem: CtcProblem): Tensor =>
    tensor(ctcLosses(logProbs, problem), { dtype: logProbs.dtype }),
  backward: (dy, { args: [logProbs, problem] }) => {
    const g = tensor(ctcGradient(logProbs, problem), { dtype: dy.dtype, shape: [...logProbs.shape] });
    return [mul(g, reshape(dy, [1, logProbs.shape[1]!, 1])), null];
  },
});

/** Lengths given as an int32 tensor `[N]` or numbers, checked to be N non-negative integers. */
function lengthsOf(x: Tensor | readonly number[], batch: number, arg: string): number[] {
  let values: number[];
  if (x instanceof Tensor) {
    if (x.dtype !== 'int32') throw new DTypeError(`ctcLoss: ${arg} must be an int32 tensor, got ${x.dtype}`);
    if (x.ndim !== 1)
      throw new ShapeError(`ctcLoss: ${arg} must be a vector [N], got shape ${formatShape(x.shape)}`);
    values = Array.from(x.data());
  } else if (Array.isArray(x)) values = [...x];
  else throw new ValueError(`ctcLoss: ${arg} must be an int32 Tensor or a number array`);
  if (values.length !== batch)
    throw new ShapeError(`ctcLoss: ${arg} must hold one length per sample (${batch}), got ${values.length}`);
  values.forEach((v, n) => {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new ValueError(`ctcLoss: ${arg}[${n}] must be a non-negative integer, got ${v}`);
  });
  return values;
}

/** The label sequences from padded `[N, S]` or concatenated 1-D targets. */
function labelsOf(
  targets: Tensor,
  targetLengths: readonly number[],
  classes: number,
  blank: number,
): number[][] {
  expectTensor(targets, 'ctcLoss', 'targets');
  if (targets.dtype !== 'int32')
    throw new DTypeError(`ctcLoss: targets must be an int32 tensor, got ${targets.dtype}`);
  const data = Array.from(targets.data());
  const batch = targetLengths.length;
  let starts: number[];
  if (targets.ndim === 2) {
    if (targets.shape[0] !== batch)
      throw new ShapeError(
        `ctcLoss: padded targets must be [N, S] with N = ${batch}, got ${formatShape(targets.shape)}`,
      );
    const width = targets.shape[1]!;
    targetLengths.forEach((len, n) => {
      if (len > width)
        throw new ValueError(`ctcLoss: targetLengths[${n}] (${len}) exceeds the padded width ${width}`);
    });
    starts = targetLengths.map((_, n) => n * width);
  } else if (targets.ndim === 1) {
    const total = targetLengths.reduce((a, b) => a + b, 0);
    if (total !== data.length)
      throw new ShapeError(
        `ctcLoss: concatenated targets hold ${data.length} labels but targetLengths sum to ${total}`,
      );
    starts = targetLengths.map((_, n) => targetLengths.slice(0, n).reduce((a, b) => a + b, 0));
  } else throw new ShapeError(`ctcLoss: targets must be [N, S] or 1-D, got ${formatShape(targets.shape)}`);
  return targetLengths.map((len, n) => {
    const labels = data.slice(starts[n]!, starts[n]! + len);
    for (const c of labels) {
      if (c < 0 || c >= classes || c === blank)
        throw new ValueError(
          `ctcLoss: target label ${c} (sample ${n}) must be a class in [0, ${classes}) other than blank ${blank}`,
        );
    }
    return labels;
  });
}

/**
 * The Connectionist Temporal Classification loss −log p(l | x), summed over every alignment of
 * the label l to the T time steps (repeats collapse, blanks drop), computed by the forward–backward
 * algorithm in log space, with PyTorch's `ctc_loss` conventions: `logProbs` `[T, N, C]` are
 * log-softmaxed scores; `targets` are int32, padded `[N, S]` or all labels concatenated 1-D;
 * 'mean' divides each loss by its target length (at least 1), then averages over the batch.
 * @see https://www.cs.toronto.edu/~graves/icml_2006.pdf
 * @example
 * const logProbs = logSoftmax(randn([50, 4, 20]), 2);
 * const targets = randint(1, 20, [4, 10], { dtype: 'int32' });
 * ctcLoss(logProbs, targets, [50, 50, 50, 50], [10, 10, 8, 5]); // a scalar
 */
export function ctcLoss(
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: Tensor | readonly number[],
  targetLengths: Tensor | readonly number[],
  options: CtcLossOptions = {},
): Tensor {
  const { blank = 0, reduction = 'mean', zeroInfinity = false } = options;
  if (!['mean', 'sum', 'none'].includes(reduction))
    throw new ValueError(`ctcLoss: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  expectTensor(logProbs, 'ctcLoss', 'logProbs');
  expectFloat(logProbs, 'ctcLoss', 'logProbs');
  if (logProbs.ndim !== 3)
    throw new ShapeError(`ctcLoss: logProbs must be [T, N, C], got ${formatShape(logProbs.shape)}`);
  const [steps, batch, classes] = logProbs.shape as [number, number, number];
  if (!Number.isSafeInteger(blank) || blank < 0 || blank >= classes)
    throw new ValueError(`ctcLoss: blank must be a class in [0, ${classes}), got ${blank}`);
  const inputs = lengthsOf(inputLengths, batch, 'inputLengths');
  inputs.forEach((len, n) => {
    if (len > steps) throw new ValueError(`ctcLoss: inputLengths[${n}] (${len}) exceeds T (${steps})`);
  });
  const lengths = lengthsOf(targetLengths, batch, 'targetLengths');
  const labels = labelsOf(targets, lengths, classes, blank);
  const perSample = ctcPerSample(logProbs, { labels, inputLengths: inputs, blank, zeroInfinity });
  if (reduction === 'none') return perSample;
  if (reduction === 'sum') return sum(perSample);
  const divisors = tensor(
    lengths.map((len) => Math.max(len, 1)),
    { dtype: logProbs.dtype },
  );
  return mean(div(perSample, divisors));
}
