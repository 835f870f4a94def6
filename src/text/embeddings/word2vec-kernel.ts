/**
 * word2vec's inner loop: plain TypeScript over Float32Arrays, no tensors, no autograd. An update
 * touches a few rows (one input vector, 1 + k output vectors, or one per tree node), so a dense
 * step would waste nearly all its work. This file is the spec of the native kernel
 * (native/word2vec.cc, which trains on the same examples, rounding in float where this sums in
 * double) and the loop that runs where there is none (the reference backend).
 *
 * NOTE(word2vec-kernel): every update is one SGD step on one (input, target) example, as in
 * Mikolov's word2vec.c and gensim: the output rows move at once, the input row(s) last, by
 * neu1e = the step along −∂L/∂input computed with the output rows as they were before moving.
 * - negative sampling: L = −log σ(u_w·h) − Σ_k log σ(−u_k·h), k drawn from the unigram^0.75
 *   distribution (a draw equal to the target is skipped);
 * - hierarchical softmax: L = −Σ_nodes log σ((1 − 2 code)·(u_node·h)) along w's Huffman path.
 * h is the context word's vector (skip-gram) or the mean of the window's vectors (CBOW); CBOW adds
 * neu1e to every context word, as word2vec.c does, not neu1e divided by the window size.
 * σ is computed exactly (no clipped lookup table), so the updates are exact gradient steps.
 */
import type { Generator } from '../../index.js';

/** Everything the kernel reads and writes. Built by `trainWord2vec`. */
export interface Word2vecState {
  dim: number;
  /** Input (word) vectors `[vocab, dim]`: the vectors word2vec returns. */
  syn0: Float32Array;
  /** Output vectors for negative sampling `[vocab, dim]` (empty when negative = 0). */
  syn1neg: Float32Array;
  /** Output vectors of the Huffman tree's inner nodes `[vocab − 1, dim]` (empty without hs). */
  syn1: Float32Array;
  negative: number;
  /** Cumulative unigram^0.75 probabilities, ending at 1 (for drawing negatives). */
  noise: Float64Array;
  hs: boolean;
  /** Huffman codes and inner-node indices, flat; word w's path is [offsets[w], offsets[w + 1]). */
  codes: Uint8Array;
  points: Int32Array;
  offsets: Int32Array;
  rng: Generator;
  /** Scratch: the hidden vector (CBOW) and the input's accumulated step. */
  neu1: Float32Array;
  neu1e: Float32Array;
  /** Sum of L over the examples trained, when `trackLoss` is on. */
  loss: number;
  trackLoss: boolean;
}

/** A negative drawn from the unigram^0.75 distribution (binary search of the cumulative table). */
export function drawNegative(s: Word2vecState): number {
  const u = s.rng.nextUint32() / 4294967296;
  const noise = s.noise;
  let lo = 0;
  let hi = noise.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (noise[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * One logistic step of output row `row` of `output` towards `label` (1 or 0) for input `h` (at
 * `hOffset` of `input`): the row moves at once, the input's step is added to `neu1e`.
 */
function outputStep(
  s: Word2vecState,
  input: Float32Array,
  hOffset: number,
  output: Float32Array,
  row: number,
  label: number,
  alpha: number,
): void {
  const { dim, neu1e } = s;
  let f = 0;
  for (let j = 0; j < dim; j++) f += input[hOffset + j]! * output[row + j]!;
  const sig = 1 / (1 + Math.exp(-f));
  if (s.trackLoss) s.loss -= Math.log(label === 1 ? sig : 1 - sig);
  const g = (label - sig) * alpha;
  for (let j = 0; j < dim; j++) {
    neu1e[j]! += g * output[row + j]!;
    output[row + j]! += g * input[hOffset + j]!;
  }
}

/** One negative-sampling example: input `h` (at `hOffset` of `input`) predicts `word`. */
export function negativeSamplingStep(
  s: Word2vecState,
  input: Float32Array,
  hOffset: number,
  word: number,
  alpha: number,
): void {
  for (let d = 0; d <= s.negative; d++) {
    let target = word;
    let label = 1;
    if (d > 0) {
      target = drawNegative(s);
      if (target === word) continue;
      label = 0;
    }
    outputStep(s, input, hOffset, s.syn1neg, target * s.dim, label, alpha);
  }
}

/** One hierarchical-softmax example: input `h` walks `word`'s Huffman path. */
export function hierarchicalSoftmaxStep(
  s: Word2vecState,
  input: Float32Array,
  hOffset: number,
  word: number,
  alpha: number,
): void {
  const { codes, points } = s;
  // A node's code 0 means the path turns towards label 1 (word2vec.c's 1 − code).
  for (let d = s.offsets[word]!; d < s.offsets[word + 1]!; d++)
    outputStep(s, input, hOffset, s.syn1, points[d]! * s.dim, 1 - codes[d]!, alpha);
}

/**
 * Skip-gram over one sentence of word ids: each word within a random window of 1..`window`
 * (the dynamic window) of position i predicts the word at i.
 */
export function skipGramSentence(
  s: Word2vecState,
  ids: Int32Array,
  length: number,
  window: number,
  alpha: number,
): void {
  const { dim, syn0, neu1e } = s;
  for (let i = 0; i < length; i++) {
    const word = ids[i]!;
    const span = window - s.rng.below(window);
    const end = Math.min(length, i + span + 1);
    for (let c = Math.max(0, i - span); c < end; c++) {
      if (c === i) continue;
      const row = ids[c]! * dim;
      neu1e.fill(0);
      if (s.hs) hierarchicalSoftmaxStep(s, syn0, row, word, alpha);
      if (s.negative > 0) negativeSamplingStep(s, syn0, row, word, alpha);
      for (let j = 0; j < dim; j++) syn0[row + j]! += neu1e[j]!;
    }
  }
}

/**
 * CBOW over one sentence: the mean (or, with `cbowMean` false, the sum) of the vectors within
 * a random window of 1..`window` of position i predicts the word at i.
 */
export function cbowSentence(
  s: Word2vecState,
  ids: Int32Array,
  length: number,
  window: number,
  alpha: number,
  cbowMean: boolean,
): void {
  for (let i = 0; i < length; i++) {
    const span = window - s.rng.below(window);
    cbowExample(s, ids, Math.max(0, i - span), Math.min(length, i + span + 1), i, alpha, cbowMean);
  }
}

/** One CBOW example: the words at [start, end) other than i predict the word at i. */
export function cbowExample(
  s: Word2vecState,
  ids: Int32Array,
  start: number,
  end: number,
  i: number,
  alpha: number,
  cbowMean: boolean,
): void {
  const { dim, syn0, neu1, neu1e } = s;
  neu1.fill(0);
  let count = 0;
  for (let c = start; c < end; c++) {
    if (c === i) continue;
    const row = ids[c]! * dim;
    for (let j = 0; j < dim; j++) neu1[j]! += syn0[row + j]!;
    count++;
  }
  if (count === 0) return;
  if (cbowMean) for (let j = 0; j < dim; j++) neu1[j]! /= count;
  neu1e.fill(0);
  if (s.hs) hierarchicalSoftmaxStep(s, neu1, 0, ids[i]!, alpha);
  if (s.negative > 0) negativeSamplingStep(s, neu1, 0, ids[i]!, alpha);
  for (let c = start; c < end; c++) {
    if (c === i) continue;
    const row = ids[c]! * dim;
    for (let j = 0; j < dim; j++) syn0[row + j]! += neu1e[j]!;
  }
}
