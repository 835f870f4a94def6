import { defaultGenerator, type Generator, Tensor, ValueError } from '../index.js';

/** Scores over the vocabulary: a tensor `[V]` or plain numbers. */
export type Logits = Tensor | ArrayLike<number>;

/** How `sampleNext` turns logits into a draw. */
export interface SamplingOptions {
  /** Divides the logits before the softmax: < 1 sharpens, > 1 flattens, 0 takes the argmax. Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens (ties keep the lower id). Default: all. */
  topK?: number;
  /** Ids never to draw, e.g. `[vocab.unkId]`: their probability is removed and the rest renormalized. */
  rejectIds?: readonly number[];
  /** The random source (default the global generator, so `manualSeed` fixes the draws). */
  generator?: Generator;
}

/**
 * The logits as a float64 array, checked to be one row.
 * @example
 * logitsArray(tensor([1, 2]), 'sampleNext'); // => [1, 2]
 */
export function logitsArray(logits: Logits, op: string): Float64Array {
  if (logits instanceof Tensor) {
    if (logits.ndim !== 1)
      throw new ValueError(`${op}: logits must be a vector [V], got shape [${logits.shape.join(', ')}]`);
    return Float64Array.from(logits.data());
  }
  return Float64Array.from(logits);
}

/**
 * The probabilities `sampleNext` draws from: softmax(logits / T) over the tokens that survive
 * rejection and top-k, zero elsewhere. Removing rejected ids and renormalizing gives the same
 * distribution as the course's "draw again while it is <UNK>", without the loop.
 * @example
 * samplingProbabilities([0, 0, Math.log(2)], { rejectIds: [0] }); // => [0, 1 / 3, 2 / 3]
 */
export function samplingProbabilities(logits: Logits, options: SamplingOptions = {}): Float64Array {
  const { temperature = 1, topK, rejectIds = [] } = options;
  const z = logitsArray(logits, 'sampleNext');
  if (!(temperature >= 0)) throw new ValueError(`sampleNext: temperature must be ≥ 0, got ${temperature}`);
  if (topK !== undefined && (!Number.isSafeInteger(topK) || topK <= 0))
    throw new ValueError(`sampleNext: topK must be a positive integer, got ${topK}`);
  const allowed = Array.from(z.keys()).filter((i) => !rejectIds.includes(i) && !Number.isNaN(z[i]!));
  if (allowed.length === 0 || allowed.every((i) => z[i] === Number.NEGATIVE_INFINITY))
    throw new ValueError(`sampleNext: no token is left to draw (all ${z.length} are rejected or impossible)`);
  // Stable sort: among equal logits the lower id ranks first.
  allowed.sort((a, b) => z[b]! - z[a]!);
  const kept = allowed.slice(0, temperature === 0 ? 1 : (topK ?? allowed.length));
  const best = z[kept[0]!]!;
  const p = new Float64Array(z.length);
  let total = 0;
  for (const i of kept) {
    // Subtract the largest logit first so that e^(z/T) cannot overflow.
    p[i] = temperature === 0 ? 1 : Math.exp((z[i]! - best) / temperature);
    total += p[i]!;
  }
  for (const i of kept) p[i]! /= total;
  return p;
}

/**
 * Draws the next token id from logits `[V]`: softmax(logits / T), optionally only among the k
 * most likely, never one of `rejectIds`.
 * @example
 * sampleNext(tensor([2, 1, 0.1]), { temperature: 0.5, topK: 2, generator: new Generator(0) }); // 0 or 1
 */
export function sampleNext(logits: Logits, options: SamplingOptions = {}): number {
  const p = samplingProbabilities(logits, options);
  const u = (options.generator ?? defaultGenerator).uniform();
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    cumulative += p[i]!;
    last = i;
    if (u < cumulative) return i;
  }
  // Rounding can leave the cumulative sum a hair below 1.
  return last;
}

/** One step of a sequence model: the logits for the next token given the previous one. */
export type StepFn<S> = (prevId: number, state: S) => { logits: Logits; state: S };

/** Options of `generate`. */
export interface GenerateOptions<S> extends SamplingOptions {
  /** The first token (e.g. `<BOS>`), or several to prime the model with before sampling. */
  start: number | readonly number[];
  /** The most tokens to draw. */
  maxLength: number;
  /** Stop after drawing this id (it is included in the result). */
  eosId?: number;
  /** The model's state before the first step (e.g. zero hidden states). */
  state?: S;
}

/**
 * Samples a sequence from any step-wise model (an RNN, an LSTM, a Transformer with a cache):
 * feeds the start tokens, then draws a token, feeds it back, and repeats until `eosId` or
 * `maxLength`. Returns the drawn ids (not the start tokens).
 * @example
 * const table = [[0, 1], [1, 0]]; // logits of the next id given the previous one
 * generate((prev, s) => ({ logits: table[prev]!, state: s }), { start: 0, maxLength: 5 });
 */
export function generate<S = undefined>(stepFn: StepFn<S>, options: GenerateOptions<S>): number[] {
  const { start, maxLength, eosId } = options;
  const primer = typeof start === 'number' ? [start] : [...start];
  if (primer.length === 0) throw new ValueError('generate: start must hold at least one token');
  if (!Number.isSafeInteger(maxLength) || maxLength < 0)
    throw new ValueError(`generate: maxLength must be a non-negative integer, got ${maxLength}`);
  let state = options.state as S;
  let logits: Logits = [];
  for (const id of primer) ({ logits, state } = stepFn(id, state));
  const out: number[] = [];
  while (out.length < maxLength) {
    const id = sampleNext(logits, options);
    out.push(id);
    if (id === eosId || out.length === maxLength) break;
    ({ logits, state } = stepFn(id, state));
  }
  return out;
}
