import { Tensor, ValueError } from '../index.js';

/** Per-step class scores `[T, C]`: a tensor or nested numbers. */
export type StepScores = Tensor | readonly (readonly number[])[];

/** Options of the CTC decoders. */
export interface CtcDecodeOptions {
  /** The blank class (default 0). */
  blank?: number;
}

function rowsOf(scores: StepScores, op: string): number[][] {
  if (scores instanceof Tensor) {
    if (scores.ndim !== 2)
      throw new ValueError(`${op}: expected scores [T, C], got shape [${scores.shape.join(', ')}]`);
    const [steps, classes] = scores.shape as [number, number];
    const data = scores.data();
    return Array.from({ length: steps }, (_, t) => Array.from(data.subarray(t * classes, (t + 1) * classes)));
  }
  const rows = scores.map((r) => [...r]);
  if (rows.some((r) => r.length !== rows[0]!.length))
    throw new ValueError(`${op}: every step must score the same classes`);
  return rows;
}

function checkBlank(blank: number, classes: number, op: string): void {
  if (!Number.isSafeInteger(blank) || blank < 0 || (classes > 0 && blank >= classes))
    throw new ValueError(`${op}: blank must be a class in [0, ${classes}), got ${blank}`);
}

/**
 * Collapses a CTC path: merges repeated classes, then drops blanks ("aa-ab" → "aab" with '-' blank).
 * @example
 * collapsePath([1, 1, 0, 1, 2, 2], 0); // => [1, 1, 2]
 */
export function collapsePath(path: readonly number[], blank = 0): number[] {
  return path.filter((c, t) => c !== blank && (t === 0 || c !== path[t - 1]));
}

/**
 * Best-path decoding: the most likely class at every step, then repeats merged and blanks dropped.
 * Works on probabilities or log-probabilities alike (the argmax is the same).
 * @example
 * ctcGreedyDecode([[0.1, 0.9], [0.2, 0.8], [0.9, 0.1]]); // => [1]
 */
export function ctcGreedyDecode(scores: StepScores, options: CtcDecodeOptions = {}): number[] {
  const { blank = 0 } = options;
  const rows = rowsOf(scores, 'ctcGreedyDecode');
  checkBlank(blank, rows[0]?.length ?? 0, 'ctcGreedyDecode');
  const path = rows.map((r) => r.reduce((best, v, c) => (v > r[best]! ? c : best), 0));
  return collapsePath(path, blank);
}

/** Options of `ctcPrefixBeamSearch`. */
export interface CtcBeamOptions extends CtcDecodeOptions {
  /** How many prefixes to keep at each step (default 8). */
  beamWidth?: number;
  /** Whether `scores` are log-probabilities rather than probabilities (default false). */
  logInputs?: boolean;
}

/** A labelling and the log of its total probability (summed over the paths the beam kept). */
export interface CtcBeam {
  labels: number[];
  logProb: number;
}

const NEG_INF = Number.NEGATIVE_INFINITY;

function logAdd(a: number, b: number): number {
  if (a === NEG_INF) return b;
  if (b === NEG_INF) return a;
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** A prefix's log-probability split by whether its paths end in a blank or in its last label. */
interface PrefixScore {
  labels: number[];
  blank: number;
  label: number;
}

/**
 * One step of prefix beam search: every prefix is extended by every class, and the paths that
 * collapse to the same labelling are merged (a blank keeps the prefix; a repeat of the last label
 * keeps it too unless a blank came between).
 */
function extendPrefixes(beams: readonly PrefixScore[], y: readonly number[], blank: number): PrefixScore[] {
  const next = new Map<string, PrefixScore>();
  const at = (labels: number[]): PrefixScore => {
    const key = labels.join(',');
    const found = next.get(key);
    if (found) return found;
    const entry = { labels, blank: NEG_INF, label: NEG_INF };
    next.set(key, entry);
    return entry;
  };
  for (const beam of beams) {
    const total = logAdd(beam.blank, beam.label);
    const same = at(beam.labels);
    same.blank = logAdd(same.blank, total + y[blank]!);
    y.forEach((lp, c) => {
      if (c === blank) return;
      const extended = at([...beam.labels, c]);
      if (c === beam.labels.at(-1)) {
        same.label = logAdd(same.label, beam.label + lp);
        extended.label = logAdd(extended.label, beam.blank + lp);
      } else extended.label = logAdd(extended.label, total + lp);
    });
  }
  return [...next.values()];
}

/**
 * CTC prefix beam search: keeps the `beamWidth` most probable labellings (not paths), each
 * scored by the summed probability of every path that collapses to it, so it can find a
 * labelling whose probability is spread over many paths where best-path decoding cannot.
 * Returns the surviving labellings, most probable first.
 * @see https://arxiv.org/abs/1408.2873 (Hannun et al. 2014, prefix search without a language model)
 * @example
 * // greedy reads blank, blank → []; but P([1]) = .16 + .24 + .24 = .64 > P([]) = .36
 * ctcPrefixBeamSearch([[0.6, 0.4], [0.6, 0.4]], { beamWidth: 4 })[0].labels; // => [1]
 */
export function ctcPrefixBeamSearch(scores: StepScores, options: CtcBeamOptions = {}): CtcBeam[] {
  const { blank = 0, beamWidth = 8, logInputs = false } = options;
  const rows = rowsOf(scores, 'ctcPrefixBeamSearch');
  checkBlank(blank, rows[0]?.length ?? 0, 'ctcPrefixBeamSearch');
  if (!Number.isSafeInteger(beamWidth) || beamWidth <= 0)
    throw new ValueError(`ctcPrefixBeamSearch: beamWidth must be a positive integer, got ${beamWidth}`);
  const score = (b: PrefixScore): number => logAdd(b.blank, b.label);
  let beams: PrefixScore[] = [{ labels: [], blank: 0, label: NEG_INF }];
  for (const row of rows) {
    const y = logInputs ? row : row.map(Math.log);
    beams = extendPrefixes(beams, y, blank)
      .filter((b) => score(b) > NEG_INF)
      .sort((a, b) => score(b) - score(a))
      .slice(0, beamWidth);
  }
  return beams.map((b) => ({ labels: b.labels, logProb: score(b) }));
}
