import { ValueError } from '../index.js';

/**
 * How BLEU treats an n-gram order with no clipped match (a zero pₙ makes the geometric mean 0):
 * - 'none': NLTK's method0, pₙ becomes the smallest normal double, so BLEU is ~0 (≤ 1e-77);
 * - 'add-one': NLTK's method2 (Lin and Och 2004), pₙ = (mₙ + 1) / (lₙ + 1) for n ≥ 2, p₁ unchanged;
 * - 'floor': NLTK's method1, a zero pₙ becomes ε / lₙ (ε = 0.1 by default).
 */
export type BleuSmoothing = 'none' | 'add-one' | 'floor';

/** Options of `bleu` and `sentenceBleu`. */
export interface BleuOptions {
  /** The largest n-gram order N (default the number of weights, else 4). */
  maxN?: number;
  /** Weights wₙ of log pₙ (default uniform 1/N). */
  weights?: readonly number[];
  /** Default 'none'. */
  smoothing?: BleuSmoothing;
  /** ε of 'floor' smoothing (default 0.1, NLTK's). */
  epsilon?: number;
}

/** Python's sys.float_info.min, which NLTK puts in place of a zero precision. */
const FLOAT_MIN = 2.2250738585072014e-308;

/** Counts of the n-grams of `tokens`, keyed by the tokens joined with an unprintable separator. */
function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The clipped n-gram matches of one candidate and its n-gram count: each n-gram counts at most
 * as often as it appears in any single reference (the "the the the the" fix).
 * @example
 * const refs = ['the cat is on the mat'.split(' '), 'there is a cat on the mat'.split(' ')];
 * clippedCounts('the cat the cat on the mat'.split(' '), refs, 2); // => { matches: 4, total: 6 }
 */
export function clippedCounts(
  candidate: readonly string[],
  references: readonly (readonly string[])[],
  n: number,
): { matches: number; total: number } {
  const counts = ngramCounts(candidate, n);
  const refCounts = references.map((r) => ngramCounts(r, n));
  let matches = 0;
  let total = 0;
  for (const [gram, count] of counts) {
    const maxRef = Math.max(0, ...refCounts.map((r) => r.get(gram) ?? 0));
    matches += Math.min(count, maxRef);
    total += count;
  }
  return { matches, total };
}

/**
 * The reference length closest to `length`; on a tie the shorter one (NLTK, mteval-v13a).
 * @example
 * closestRefLength([13, 11], 12); // => 11
 */
export function closestRefLength(refLengths: readonly number[], length: number): number {
  return refLengths.reduce((best, r) => {
    const d = Math.abs(r - length);
    const dBest = Math.abs(best - length);
    return d < dBest || (d === dBest && r < best) ? r : best;
  });
}

/**
 * BP = 1 if c > r, else exp(1 − r/c) (0 for an empty candidate).
 * @example
 * brevityPenalty(12, 28); // => 0.2636
 */
export function brevityPenalty(c: number, r: number): number {
  if (c > r) return 1;
  return c === 0 ? 0 : Math.exp(1 - r / c);
}

function checkBleu(
  candidates: readonly (readonly string[])[],
  references: readonly (readonly (readonly string[])[])[],
  maxN: number,
  weights: readonly number[],
): void {
  if (candidates.length !== references.length)
    throw new ValueError(
      `bleu: got ${candidates.length} candidates but ${references.length} reference lists`,
    );
  references.forEach((refs, i) => {
    if (refs.length === 0) throw new ValueError(`bleu: candidate ${i} has no reference`);
  });
  if (!Number.isSafeInteger(maxN) || maxN <= 0)
    throw new ValueError(`bleu: maxN must be a positive integer, got ${maxN}`);
  if (weights.length !== maxN)
    throw new ValueError(`bleu: weights must hold maxN (${maxN}) numbers, got ${weights.length}`);
}

/**
 * Corpus-level BLEU (Papineni et al. 2002) with the semantics of NLTK's `corpus_bleu`: clipped
 * n-gram matches and n-gram counts are summed over the corpus before dividing (pₙ = Σ mₙ / Σ lₙ,
 * each sentence's lₙ at least 1), BLEU = BP · exp(Σ wₙ log pₙ), BP from the summed candidate
 * length c and the summed closest reference lengths r. No unigram match at all gives 0.
 * @see https://aclanthology.org/P02-1040/
 * @example
 * bleu([['the', 'cat', 'sat']], [[['the', 'cat', 'sat']]], { maxN: 2 }); // => 1
 */
export function bleu(
  candidates: readonly (readonly string[])[],
  references: readonly (readonly (readonly string[])[])[],
  options: BleuOptions = {},
): number {
  const { maxN = options.weights?.length ?? 4, smoothing = 'none', epsilon = 0.1 } = options;
  const weights = options.weights ?? Array.from({ length: maxN }, () => 1 / maxN);
  checkBleu(candidates, references, maxN, weights);
  if (!['none', 'add-one', 'floor'].includes(smoothing))
    throw new ValueError(`bleu: smoothing must be 'none', 'add-one' or 'floor', got '${String(smoothing)}'`);
  const matches = new Array<number>(maxN).fill(0);
  const totals = new Array<number>(maxN).fill(0);
  let c = 0;
  let r = 0;
  candidates.forEach((cand, i) => {
    const refs = references[i]!;
    for (let n = 1; n <= maxN; n++) {
      const counts = clippedCounts(cand, refs, n);
      matches[n - 1]! += counts.matches;
      totals[n - 1]! += Math.max(1, counts.total);
    }
    c += cand.length;
    r += closestRefLength(
      refs.map((ref) => ref.length),
      cand.length,
    );
  });
  if (matches[0] === 0) return 0;
  const logMean = weights.reduce(
    (s, w, i) => s + w * Math.log(smoothedPrecision(matches[i]!, totals[i]!, i + 1, smoothing, epsilon)),
    0,
  );
  return brevityPenalty(c, r) * Math.exp(logMean);
}

function smoothedPrecision(
  m: number,
  l: number,
  n: number,
  smoothing: BleuSmoothing,
  epsilon: number,
): number {
  switch (smoothing) {
    case 'none':
      return m === 0 ? FLOAT_MIN : m / l;
    case 'add-one':
      return n === 1 ? m / l : (m + 1) / (l + 1);
    default:
      return m === 0 ? epsilon / l : m / l;
  }
}

/**
 * BLEU of one candidate against its references: `bleu([candidate], [references])`, NLTK's
 * `sentence_bleu`.
 * @example
 * sentenceBleu('the cat is on the mat'.split(' '), ['the cat is on the mat'.split(' ')]); // => 1
 */
export function sentenceBleu(
  candidate: readonly string[],
  references: readonly (readonly string[])[],
  options: BleuOptions = {},
): number {
  return bleu([candidate], [references], options);
}
