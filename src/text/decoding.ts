import { ValueError } from '../index.js';
import { type Logits, logitsArray, type StepFn } from './sampling.js';

/** Options shared by the decoders. */
export interface DecodeOptions<S> {
  /** The token fed first (begin of sequence). */
  bos: number;
  /** The token that ends a sequence; it is part of the result and counts in its length. */
  eos: number;
  /** The most tokens to produce. */
  maxLength: number;
  /** The model's state before the first step. */
  state?: S;
}

/** A decoded sequence and its scores. */
export interface Hypothesis {
  /** The produced ids (without bos; with eos when it finished). */
  ids: number[];
  /** Σ log P(yₜ | y<ₜ, x): the raw log-probability. */
  logProb: number;
  /** logProb / T_y^α: the length-normalized score (equal to logProb for greedy decoding). */
  score: number;
  /** Whether it ended with eos (false when cut at maxLength). */
  finished: boolean;
}

/**
 * log softmax of one row, in float64 (the decoders accept logits or log-probabilities: the log
 * softmax of log-probabilities is themselves).
 * @example
 * logSoftmaxRow([0, 0], 'greedyDecode'); // => [-0.6931, -0.6931]
 */
export function logSoftmaxRow(logits: Logits, op: string): Float64Array {
  const z = logitsArray(logits, op);
  const m = z.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(m)) throw new ValueError(`${op}: the logits have no finite maximum (got ${m})`);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
}

function checkDecode<S>(options: DecodeOptions<S>, op: string): void {
  if (!Number.isSafeInteger(options.maxLength) || options.maxLength <= 0)
    throw new ValueError(`${op}: maxLength must be a positive integer, got ${options.maxLength}`);
}

/** The index of the largest value (the first on ties). */
function argmaxOf(v: Float64Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/**
 * Picks the most likely next token at every step until eos or maxLength.
 * @example
 * const table = [[0, 1, 2], [0, 0, 0], [0, 3, 0]]; // logits of the next id after 0 (bos), 1 (eos), 2
 * const step = (prev: number, state: undefined) => ({ logits: table[prev]!, state });
 * greedyDecode(step, { bos: 0, eos: 1, maxLength: 10 }).ids; // => [2, 1]
 */
export function greedyDecode<S = undefined>(stepFn: StepFn<S>, options: DecodeOptions<S>): Hypothesis {
  checkDecode(options, 'greedyDecode');
  const { bos, eos, maxLength } = options;
  let state = options.state as S;
  let prev = bos;
  const ids: number[] = [];
  let logProb = 0;
  while (ids.length < maxLength) {
    const step = stepFn(prev, state);
    state = step.state;
    const logp = logSoftmaxRow(step.logits, 'greedyDecode');
    prev = argmaxOf(logp);
    ids.push(prev);
    logProb += logp[prev]!;
    if (prev === eos) return { ids, logProb, score: logProb, finished: true };
  }
  return { ids, logProb, score: logProb, finished: false };
}

/** Options of `beamSearch`. */
export interface BeamSearchOptions<S> extends DecodeOptions<S> {
  /** B: how many partial sequences to keep at each step. */
  beamWidth: number;
  /** α in the normalized score (1/T_y^α)·Σ log P; 0 ranks by raw log-probability. Default 0.7. */
  lengthPenalty?: number;
}

/**
 * The length-normalized score (1 / T_y^α)·Σ log P that ranks finished hypotheses.
 * @example
 * normalizedScore(-4, 4, 0.5); // => -2
 */
export function normalizedScore(logProb: number, length: number, alpha: number): number {
  return length === 0 ? logProb : logProb / length ** alpha;
}

interface Beam<S> {
  ids: number[];
  logProb: number;
  state: S;
}

/**
 * Beam search over log-probabilities: at each step it extends every kept sequence by every
 * token and keeps the B best by Σ log P; a sequence that picks eos leaves the beam as a finished
 * hypothesis. Finished hypotheses come back best first by the length-normalized score, then
 * those still open at maxLength. B = 1 is greedy decoding.
 * @example
 * const table = [[0, 1, 2], [0, 0, 0], [0, 3, 0]];
 * const step = (prev: number, state: undefined) => ({ logits: table[prev]!, state });
 * const [best] = beamSearch(step, { beamWidth: 3, bos: 0, eos: 1, maxLength: 20 });
 * best.ids; // => [2, 1]
 */
export function beamSearch<S = undefined>(stepFn: StepFn<S>, options: BeamSearchOptions<S>): Hypothesis[] {
  checkDecode(options, 'beamSearch');
  const { beamWidth, eos, maxLength, lengthPenalty = 0.7 } = options;
  if (!Number.isSafeInteger(beamWidth) || beamWidth <= 0)
    throw new ValueError(`beamSearch: beamWidth must be a positive integer, got ${beamWidth}`);
  if (!(lengthPenalty >= 0))
    throw new ValueError(`beamSearch: lengthPenalty must be ≥ 0, got ${lengthPenalty}`);
  const hypothesis = (b: Beam<S>, finished: boolean): Hypothesis => ({
    ids: b.ids,
    logProb: b.logProb,
    score: normalizedScore(b.logProb, b.ids.length, lengthPenalty),
    finished,
  });
  const done: Hypothesis[] = [];
  let beams: Beam<S>[] = [{ ids: [], logProb: 0, state: options.state as S }];
  for (let t = 0; t < maxLength && beams.length > 0; t++) {
    const candidates = beams.flatMap((beam) => {
      const step = stepFn(beam.ids.at(-1) ?? options.bos, beam.state);
      const logp = logSoftmaxRow(step.logits, 'beamSearch');
      return Array.from(logp, (lp, id) => ({
        ids: [...beam.ids, id],
        logProb: beam.logProb + lp,
        state: step.state,
      }));
    });
    // Stable sort: on equal log-probabilities the earlier beam and the lower id win, as in greedy.
    const kept = candidates
      .filter((c) => c.logProb > Number.NEGATIVE_INFINITY)
      .sort((a, b) => b.logProb - a.logProb)
      .slice(0, beamWidth);
    beams = [];
    for (const c of kept) {
      if (c.ids.at(-1) === eos) done.push(hypothesis(c, true));
      else beams.push(c);
    }
  }
  // A sequence cut at maxLength is not a complete output: finished ones rank above it.
  const open = beams.map((b) => hypothesis(b, false)).sort((a, b) => b.score - a.score);
  return [...done.sort((a, b) => b.score - a.score), ...open];
}

/** What `beamSearchErrorAnalysis` needs: the model's log P(y | x) and the two sequences. */
export interface ErrorAnalysisInput {
  /** log P(seq | x) under the model (e.g. the sum of the decoder's log-probabilities). */
  logProbOf: (seq: readonly number[]) => number;
  /** y*: the human reference. */
  reference: readonly number[];
  /** ŷ: what beam search produced. */
  found: readonly number[];
  /** Compare the length-normalized scores (1/T_y^α)·log P instead of raw log P. Default false. */
  normalize?: boolean;
  /** α for the normalized comparison (default 0.7). */
  lengthPenalty?: number;
}

/** The verdict of `beamSearchErrorAnalysis`. */
export interface ErrorAnalysisResult {
  scoreReference: number;
  scoreFound: number;
  /** 'search' when the model prefers y* but beam search missed it; 'model' otherwise. */
  fault: 'search' | 'model';
}

/**
 * The course's error analysis of one bad translation: if the model scores the reference y* above
 * the output ŷ, the model was right and beam search failed to find y* (widen the beam);
 * otherwise the model itself prefers the worse ŷ (fix the model).
 * @example
 * const logP: Record<string, number> = { '5,6,1': -2, '5,7,1': -3 };
 * const logProbOf = (seq: readonly number[]) => logP[seq.join(',')]!;
 * beamSearchErrorAnalysis({ logProbOf, reference: [5, 6, 1], found: [5, 7, 1] }).fault; // => 'search'
 */
export function beamSearchErrorAnalysis(input: ErrorAnalysisInput): ErrorAnalysisResult {
  const { logProbOf, reference, found, normalize = false, lengthPenalty = 0.7 } = input;
  const score = (seq: readonly number[]): number => {
    const lp = logProbOf(seq);
    return normalize ? normalizedScore(lp, seq.length, lengthPenalty) : lp;
  };
  const scoreReference = score(reference);
  const scoreFound = score(found);
  return { scoreReference, scoreFound, fault: scoreReference > scoreFound ? 'search' : 'model' };
}
