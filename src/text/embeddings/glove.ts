/**
 * GloVe (Pennington, Socher and Manning 2014): word vectors w_i, context vectors w̃_j and biases
 * fitted to the logarithms of co-occurrence counts by weighted least squares,
 *   J = ½ Σ_{X_ij > 0} f(X_ij) (w_i·w̃_j + b_i + b̃_j − log X_ij)²,  f(x) = min(1, (x / xMax)^α),
 * one AdaGrad step per entry in a shuffled order each epoch; the result is W + W̃.
 * @see https://nlp.stanford.edu/pubs/glove.pdf
 */
import { Generator, ValueError } from '../../index.js';
import { cooccurrenceCounts } from './cooccurrence.js';
import { KeyedVectors } from './keyed-vectors.js';
import { countWords, encodeSentences } from './word2vec-vocabulary.js';

/** Parameters and AdaGrad accumulators, `[vocab, dim]` and `[vocab]`. */
export interface GloveState {
  dim: number;
  w: Float32Array;
  wContext: Float32Array;
  bias: Float32Array;
  biasContext: Float32Array;
  /** Sums of squared (lr-scaled) gradients, starting at 1. */
  gradSq: Float32Array;
  gradSqContext: Float32Array;
  gradSqBias: Float32Array;
  gradSqBiasContext: Float32Array;
}

/**
 * One entry's AdaGrad step, as the reference implementation takes it: with g the gradient of
 * ½ f(x)(w_i·w̃_j + b_i + b̃_j − log x)², each parameter moves by −lr·g / √G and then G += (lr·g)²
 * (G starts at 1, so the first step is plain SGD). Returns the entry's cost.
 */
export function gloveStep(
  s: GloveState,
  i: number,
  j: number,
  x: number,
  weight: number,
  lr: number,
): number {
  const { dim, w, wContext, gradSq, gradSqContext } = s;
  const a = i * dim;
  const b = j * dim;
  let diff = s.bias[i]! + s.biasContext[j]! - Math.log(x);
  for (let d = 0; d < dim; d++) diff += w[a + d]! * wContext[b + d]!;
  const fdiff = weight * diff;
  const step = lr * fdiff;
  for (let d = 0; d < dim; d++) {
    const gw = step * wContext[b + d]!;
    const gc = step * w[a + d]!;
    w[a + d]! -= gw / Math.sqrt(gradSq[a + d]!);
    wContext[b + d]! -= gc / Math.sqrt(gradSqContext[b + d]!);
    gradSq[a + d]! += gw * gw;
    gradSqContext[b + d]! += gc * gc;
  }
  s.bias[i]! -= step / Math.sqrt(s.gradSqBias[i]!);
  s.biasContext[j]! -= step / Math.sqrt(s.gradSqBiasContext[j]!);
  s.gradSqBias[i]! += step * step;
  s.gradSqBiasContext[j]! += step * step;
  return 0.5 * fdiff * diff;
}

/** Options of `trainGlove`; the defaults are the paper's where it gives them. */
export interface GloveOptions {
  vectorSize?: number;
  /** Context window on each side (default 10), weighted 1/d. */
  window?: number;
  /** Words seen fewer times are dropped (default 5). */
  minCount?: number;
  /** f's cutoff and exponent (defaults 100 and 0.75). */
  xMax?: number;
  alpha?: number;
  /** AdaGrad's learning rate (default 0.05). */
  lr?: number;
  epochs?: number;
  seed?: number;
  /** Called after each epoch (1-based) with the mean cost per entry. */
  onEpoch?: (epoch: number, cost: number) => void;
}

/** What `trainGlove` returns. */
export interface GloveResult {
  /** W + W̃, most frequent word first. */
  vectors: KeyedVectors;
  counts: Float64Array;
  /** Non-zero co-occurrence entries (each unordered pair once). */
  pairs: number;
  /** Mean cost per trained entry, per epoch. */
  costs: number[];
  seconds: number;
}

/**
 * Trains GloVe on tokenized sentences (a window never crosses a sentence end). Seeded and
 * reproducible.
 * @example
 * const sentences = Array.from({ length: 50 }, () => ['the', 'cat', 'sat', 'on', 'the', 'mat']);
 * const { vectors } = trainGlove(sentences, { vectorSize: 8, minCount: 1, epochs: 5 });
 * vectors.dim; // 8
 */
export function trainGlove(
  sentences: readonly (readonly string[])[],
  options: GloveOptions = {},
): GloveResult {
  const {
    vectorSize = 100,
    window = 10,
    minCount = 5,
    xMax = 100,
    alpha = 0.75,
    lr = 0.05,
    epochs = 25,
    seed = 1,
  } = options;
  for (const [name, value] of Object.entries({ vectorSize, epochs }))
    if (!Number.isSafeInteger(value) || value < 1)
      throw new ValueError(`trainGlove: ${name} must be an integer ≥ 1, got ${value}`);
  for (const [name, value] of Object.entries({ xMax, alpha, lr }))
    if (!(value > 0)) throw new ValueError(`trainGlove: ${name} must be positive, got ${value}`);
  const { words, counts } = countWords(sentences, minCount);
  if (words.length === 0)
    throw new ValueError(`trainGlove: no word occurs minCount (${minCount}) times or more`);
  const begin = performance.now();
  const { ids, starts } = encodeSentences(sentences, words);
  const { rows, cols, values } = cooccurrenceCounts(ids, starts, words.length, window);
  const rng = new Generator(seed);
  const s = initialState(words.length, vectorSize, rng);
  const weights = values.map((x) => Math.min(1, (x / xMax) ** alpha));
  // Every stored pair trains as (i, j) and, off the diagonal, as (j, i): entries 2k and 2k + 1.
  const order = Uint32Array.from({ length: 2 * rows.length }, (_, k) => k);
  const costs: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(order, rng);
    let cost = 0;
    let trained = 0;
    for (let n = 0; n < order.length; n++) {
      const k = order[n]!;
      const e = k >> 1;
      if (k & 1 && rows[e] === cols[e]) continue;
      const [i, j] = k & 1 ? [cols[e]!, rows[e]!] : [rows[e]!, cols[e]!];
      cost += gloveStep(s, i, j, values[e]!, weights[e]!, lr);
      trained++;
    }
    costs.push(cost / trained);
    options.onEpoch?.(epoch, cost / trained);
  }
  const vectors = s.w.map((x, k) => x + s.wContext[k]!);
  return {
    vectors: new KeyedVectors(words, vectors, vectorSize),
    counts,
    pairs: rows.length,
    costs,
    seconds: (performance.now() - begin) / 1000,
  };
}

/** Fisher–Yates with the seeded generator. */
function shuffle(a: Uint32Array, rng: Generator): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** Vectors and biases uniform in [−0.5, 0.5) / dim, as the reference implementation. */
function initialState(vocab: number, dim: number, rng: Generator): GloveState {
  const uniform = (n: number): Float32Array =>
    Float32Array.from({ length: n }, () => (rng.uniform() - 0.5) / dim);
  const ones = (n: number): Float32Array => new Float32Array(n).fill(1);
  return {
    dim,
    w: uniform(vocab * dim),
    wContext: uniform(vocab * dim),
    bias: uniform(vocab),
    biasContext: uniform(vocab),
    gradSq: ones(vocab * dim),
    gradSqContext: ones(vocab * dim),
    gradSqBias: ones(vocab),
    gradSqBiasContext: ones(vocab),
  };
}
