import type { Value } from './space.js';
import { type Objective, rankTrials, type TrialRecord } from './trial.js';

function show(v: Value | undefined): string {
  if (v === undefined) return '-';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) < 1e-2 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/**
 * How many trials there are and how each ended, in one line.
 * @example
 * const base = { seed: 0, history: [], seconds: 1, config: {}, metrics: {} };
 * summarizeTrials([
 *   { ...base, id: 0, status: 'done' },
 *   { ...base, id: 1, status: 'pruned' },
 *   { ...base, id: 2, status: 'pruned' },
 * ]); // => '3 trials: 1 done, 2 pruned early, 0 failed'
 */
export function summarizeTrials(records: readonly TrialRecord[]): string {
  const count = (status: TrialRecord['status']) => records.filter((r) => r.status === status).length;
  const trials = `${records.length} trial${records.length === 1 ? '' : 's'}`;
  return `${trials}: ${count('done')} done, ${count('pruned')} pruned early, ${count('failed')} failed`;
}

/**
 * The trials as a text table sorted by the objective (best first), then the failed ones with
 * their errors: rank, id, status, objective, every hyperparameter, epochs run, seconds; and a
 * last line counting the trials done, pruned and failed.
 * @example
 * const base = { seed: 0, history: [], seconds: 1 };
 * const records: TrialRecord[] = [
 *   { ...base, id: 0, status: 'done', config: { lr: 0.1 }, metrics: { valAccuracy: 0.9 } },
 *   { ...base, id: 1, status: 'done', config: { lr: 0.01 }, metrics: { valAccuracy: 0.95 } },
 * ];
 * console.log(formatTrials(records, { objective: 'valAccuracy' }));
 */
export function formatTrials(records: readonly TrialRecord[], objective: Objective): string {
  const ranked = rankTrials(records, objective);
  const rest = records.filter((r) => !ranked.includes(r));
  const names = [...new Set(records.flatMap((r) => Object.keys(r.config)))];
  const header = ['rank', 'trial', 'status', objective.objective, ...names, 'epochsRun', 'seconds'];
  const rows = [...ranked, ...rest].map((r, i) => [
    i < ranked.length ? String(i + 1) : '-',
    String(r.id),
    r.status,
    r.status === 'failed' ? '-' : show(r.metrics[objective.objective]),
    ...names.map((n) => show(r.config[n])),
    String(r.history.length),
    r.seconds.toFixed(1),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padStart(widths[j]!)).join('  ');
  const errors = rest.filter((r) => r.error).map((r) => `trial ${r.id} failed: ${r.error}`);
  return [line(header), ...rows.map(line), ...errors, summarizeTrials(records)].join('\n');
}
