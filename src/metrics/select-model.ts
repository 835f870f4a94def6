import { ValueError } from '../errors.js';

export interface SelectModelOptions {
  /** The optimizing metric: one number to rank by. */
  optimize: string;
  /** `'max'` (accuracy, F1; the default) or `'min'` (error, loss). */
  mode?: 'max' | 'min';
  /** Satisficing metrics: each must pass its test (e.g. latency ≤ 100 ms) for a candidate to count. */
  satisfy?: Record<string, (value: number) => boolean>;
}

export interface Selection<T> {
  /** The best candidate that satisfies every constraint, or undefined when none does. */
  best: T | undefined;
  /** The satisfying candidates, best first. */
  ranked: T[];
  /** The others, each with the names of the constraints it failed. */
  rejected: { candidate: T; failed: string[] }[];
}

/**
 * One optimizing metric and N − 1 satisficing ones (Ng): drop every candidate that fails a
 * constraint, then rank the rest by the optimizing metric.
 * @example
 * const candidates = [
 *   { name: 'A', accuracy: 0.9, latencyMs: 80 },
 *   { name: 'B', accuracy: 0.92, latencyMs: 95 },
 *   { name: 'C', accuracy: 0.95, latencyMs: 1500 },
 * ];
 * selectModel(candidates, { optimize: 'accuracy', satisfy: { latencyMs: (v) => v <= 100 } }).best?.name; // 'B'
 */
export function selectModel<T extends object>(
  candidates: readonly T[],
  options: SelectModelOptions,
): Selection<T> {
  const { optimize, mode = 'max', satisfy = {} } = options;
  if (mode !== 'max' && mode !== 'min')
    throw new ValueError(`selectModel: mode must be 'max' or 'min', got ${JSON.stringify(mode)}`);
  const value = (c: T, name: string, i: number): number => {
    const v = (c as Record<string, unknown>)[name];
    if (typeof v !== 'number' || Number.isNaN(v))
      throw new ValueError(`selectModel: candidates[${i}].${name} must be a number, got ${String(v)}`);
    return v;
  };
  const ranked: { c: T; v: number }[] = [];
  const rejected: { candidate: T; failed: string[] }[] = [];
  candidates.forEach((c, i) => {
    const v = value(c, optimize, i);
    const failed = Object.entries(satisfy)
      .filter(([name, ok]) => !ok(value(c, name, i)))
      .map(([name]) => name);
    if (failed.length > 0) rejected.push({ candidate: c, failed });
    else ranked.push({ c, v });
  });
  // A stable sort keeps the earlier candidate first on ties.
  ranked.sort((a, b) => (mode === 'max' ? b.v - a.v : a.v - b.v));
  return { best: ranked[0]?.c, ranked: ranked.map((r) => r.c), rejected };
}
