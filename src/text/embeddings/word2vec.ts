/**
 * word2vec (Mikolov et al. 2013): skip-gram and CBOW, trained with negative sampling and/or
 * hierarchical softmax, with gensim's defaults. The updates are the kernel's
 * (NOTE(word2vec-kernel) in word2vec-kernel.ts), run natively where the backend has it
 * (`word2vecKernel`); this file prepares the data and runs the epochs.
 * @see https://arxiv.org/abs/1301.3781
 * @see https://arxiv.org/abs/1310.4546
 */
import {
  Generator,
  getNumThreads,
  ValueError,
  type Word2vecArrays,
  type Word2vecKernel,
  word2vecKernel,
} from '../../index.js';
import { KeyedVectors } from './keyed-vectors.js';
import { cbowSentence, skipGramSentence, type Word2vecState } from './word2vec-kernel.js';
import {
  countWords,
  encodeSentences,
  huffmanTree,
  keepProbabilities,
  noiseDistribution,
} from './word2vec-vocabulary.js';

/** Options of `trainWord2vec`; the defaults are gensim 4's. */
export interface Word2vecOptions {
  /** 'cbow' (default) or 'skip-gram'. */
  architecture?: 'cbow' | 'skip-gram';
  /** Vector length (default 100). */
  vectorSize?: number;
  /** The largest distance between a word and its context (default 5); each position draws 1..window. */
  window?: number;
  /** Words seen fewer times are dropped (default 5). */
  minCount?: number;
  /** Subsampling threshold t (default 1e-3; 0 turns it off). */
  sample?: number;
  /** Negative samples per example (default 5; 0 turns negative sampling off). */
  negative?: number;
  /** Hierarchical softmax (default false). */
  hs?: boolean;
  /** The noise distribution's exponent (default 0.75). */
  nsExponent?: number;
  /** Learning rate at the start (default 0.025), decayed linearly to `minAlpha` (default 1e-4). */
  alpha?: number;
  minAlpha?: number;
  /** Passes over the corpus (default 5). */
  epochs?: number;
  /** CBOW's hidden vector is the mean of the window (default true) or its sum. */
  cbowMean?: boolean;
  /** Seeds initialisation, windows, subsampling and negatives (default 1). */
  seed?: number;
  /**
   * Threads training at once, hogwild, as gensim's workers (default 1). Needs the native
   * backend (the TypeScript loop runs on one); with more than one the result depends on the
   * threads' timing, so only `workers: 1` is reproducible bit for bit.
   */
  workers?: number;
  /** Sum the loss per epoch (default false; it costs a logarithm per example). */
  trackLoss?: boolean;
  /** Called after each epoch (1-based) with the loss (NaN when not tracked). */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** What `trainWord2vec` returns. */
export interface Word2vecResult {
  /** The input vectors, most frequent word first. */
  vectors: KeyedVectors;
  /** The words' counts, in the same order. */
  counts: Float64Array;
  /** Every token of the corpus (before min-count and subsampling). */
  corpusTokens: number;
  /** Loss summed per epoch (empty unless `trackLoss`). */
  losses: number[];
  /** Training time (vocabulary building excluded) and corpus tokens × epochs per second. */
  seconds: number;
  wordsPerSecond: number;
  /** The threads that trained: `workers`, capped by the backend's threads (1 without a kernel). */
  workers: number;
}

/**
 * Trains word2vec on tokenized sentences. The same sentences, options and seed give the same
 * vectors, bit for bit, on one worker and one backend (the native kernel and the TypeScript loop
 * train on the same examples but round differently: NOTE(word2vec-kernel)).
 * @example
 * const sentences = Array.from({ length: 50 }, () => ['the', 'cat', 'sat', 'on', 'the', 'mat']);
 * const { vectors } = trainWord2vec(sentences, { vectorSize: 8, minCount: 1, epochs: 2 });
 * vectors.mostSimilar('cat', { k: 1 }); // [{ word: …, score: … }]
 */
export function trainWord2vec(
  sentences: readonly (readonly string[])[],
  options: Word2vecOptions = {},
): Word2vecResult {
  const o = withDefaults(options);
  const { words, counts, totalTokens } = countWords(sentences, o.minCount);
  if (words.length === 0)
    throw new ValueError(`trainWord2vec: no word occurs minCount (${o.minCount}) times or more`);
  const { ids, starts } = encodeSentences(sentences, words);
  const rng = new Generator(o.seed);
  const state = initialState(words.length, counts, o, rng);
  const keep = keepProbabilities(counts, o.sample);
  const buffer = new Int32Array(lengths(starts).reduce((a, b) => Math.max(a, b), 0));
  const total = o.epochs * ids.length;
  const losses: number[] = [];
  const kernel = word2vecKernel();
  const begin = performance.now();
  let done = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    state.loss = 0;
    if (kernel) state.loss = nativeEpoch(kernel, state, { ids, starts, keep }, o, done, total);
    else scriptEpoch(state, { ids, starts, keep }, buffer, o, done, total);
    done += ids.length;
    if (o.trackLoss) losses.push(state.loss);
    o.onEpoch?.(epoch, o.trackLoss ? state.loss : Number.NaN);
  }
  const seconds = (performance.now() - begin) / 1000;
  return {
    vectors: new KeyedVectors(words, state.syn0, o.vectorSize),
    counts,
    corpusTokens: totalTokens,
    losses,
    seconds,
    wordsPerSecond: (totalTokens * o.epochs) / seconds,
    workers: kernel ? Math.min(o.workers, getNumThreads()) : 1,
  };
}

type Resolved = Required<Omit<Word2vecOptions, 'onEpoch'>> & Pick<Word2vecOptions, 'onEpoch'>;

function withDefaults(options: Word2vecOptions): Resolved {
  const o: Resolved = {
    architecture: 'cbow',
    vectorSize: 100,
    window: 5,
    minCount: 5,
    sample: 1e-3,
    negative: 5,
    hs: false,
    nsExponent: 0.75,
    alpha: 0.025,
    minAlpha: 1e-4,
    epochs: 5,
    cbowMean: true,
    seed: 1,
    trackLoss: false,
    workers: 1,
    ...options,
  };
  const positiveInteger = (name: 'vectorSize' | 'window' | 'minCount' | 'epochs' | 'workers'): void => {
    if (!Number.isSafeInteger(o[name]) || o[name] < 1)
      throw new ValueError(`trainWord2vec: ${name} must be an integer ≥ 1, got ${o[name]}`);
  };
  (['vectorSize', 'window', 'minCount', 'epochs', 'workers'] as const).forEach(positiveInteger);
  if (!Number.isSafeInteger(o.negative) || o.negative < 0)
    throw new ValueError(`trainWord2vec: negative must be an integer ≥ 0, got ${o.negative}`);
  if (o.negative === 0 && !o.hs)
    throw new ValueError('trainWord2vec: with negative = 0, hs must be true (no output layer otherwise)');
  if (o.architecture !== 'cbow' && o.architecture !== 'skip-gram')
    throw new ValueError(
      `trainWord2vec: architecture must be 'cbow' or 'skip-gram', got '${o.architecture}'`,
    );
  for (const name of ['sample', 'alpha', 'minAlpha'] as const)
    if (!(o[name] >= 0)) throw new ValueError(`trainWord2vec: ${name} must be ≥ 0, got ${o[name]}`);
  return o;
}

type Corpus = Pick<Word2vecArrays, 'ids' | 'starts' | 'keep'>;

/** One epoch by the TypeScript loop (the spec), `done` words into the `total`; adds to s.loss. */
function scriptEpoch(
  s: Word2vecState,
  { ids, starts, keep }: Corpus,
  buffer: Int32Array,
  o: Resolved,
  done: number,
  total: number,
): void {
  for (let k = 0; k + 1 < starts.length; k++) {
    const alpha = Math.max(o.minAlpha, o.alpha - ((o.alpha - o.minAlpha) * done) / total);
    let length = 0;
    for (let i = starts[k]!; i < starts[k + 1]!; i++) {
      const w = ids[i]!;
      if (keep[w]! >= 1 || keep[w]! > s.rng.uniform()) buffer[length++] = w;
    }
    if (o.architecture === 'skip-gram') skipGramSentence(s, buffer, length, o.window, alpha);
    else cbowSentence(s, buffer, length, o.window, alpha, o.cbowMean);
    done += starts[k + 1]! - starts[k]!;
  }
}

/** One epoch by the native kernel, on the state's arrays and random stream; returns the loss. */
function nativeEpoch(
  kernel: Word2vecKernel,
  s: Word2vecState,
  corpus: Corpus,
  o: Resolved,
  done: number,
  total: number,
): number {
  const rng = s.rng.getState();
  const rngState = Uint32Array.from(rng.slice(0, 4));
  const arrays = { ...corpus, ...s, rngState };
  const loss = kernel(arrays, {
    ...o,
    first: 0,
    last: corpus.starts.length - 1,
    dim: s.dim,
    cbow: o.architecture === 'cbow',
    done,
    total,
    threads: o.workers,
  });
  s.rng.setState([...rngState, rng[4]!]);
  return loss;
}

function lengths(starts: Int32Array): number[] {
  return Array.from({ length: starts.length - 1 }, (_, s) => starts[s + 1]! - starts[s]!);
}

/** Input vectors uniform in [−0.5, 0.5) / dim (as word2vec.c and gensim), output vectors zero. */
function initialState(vocab: number, counts: Float64Array, o: Resolved, rng: Generator): Word2vecState {
  const dim = o.vectorSize;
  const syn0 = new Float32Array(vocab * dim);
  for (let i = 0; i < syn0.length; i++) syn0[i] = (rng.uniform() - 0.5) / dim;
  const tree = o.hs
    ? huffmanTree(counts)
    : { codes: new Uint8Array(0), points: new Int32Array(0), offsets: new Int32Array(vocab + 1) };
  return {
    dim,
    syn0,
    syn1neg: new Float32Array(o.negative > 0 ? vocab * dim : 0),
    syn1: new Float32Array(o.hs ? Math.max(0, vocab - 1) * dim : 0),
    negative: o.negative,
    noise: noiseDistribution(counts, o.nsExponent),
    hs: o.hs,
    ...tree,
    rng,
    neu1: new Float32Array(dim),
    neu1e: new Float32Array(dim),
    loss: 0,
    trackLoss: o.trackLoss,
  };
}
