import { summarizeTrials } from './format-trials.js';
import type { Space, Value } from './space.js';
import { type Objective, rankTrials, type TrialRecord } from './trial.js';

const html = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const label = (v: number) =>
  String(Math.abs(v) < 1e-2 && v !== 0 ? v.toExponential(1) : Number(v.toPrecision(3)));

// A value's position on its dimension's own axis.
function position(scale: Space[string]['scale'], value: Value, categories: Value[]): number {
  if (scale === 'categorical') return categories.indexOf(value);
  const x = Number(value);
  if (scale === 'log') return Math.log10(x);
  if (scale === 'oneMinusLog') return Math.log10(1 - x);
  return x;
}

function plot(
  name: string,
  space: Space,
  trials: TrialRecord[],
  best: TrialRecord | undefined,
  objective: string,
): string {
  const d = space[name]!;
  const categories = d.scale === 'categorical' ? d.grid(1) : [];
  const points = trials
    .filter((t) => t.config[name] !== undefined)
    .map((t) => ({ t, x: position(d.scale, t.config[name]!, categories), y: t.metrics[objective]! }));
  const [w, h, m] = [280, 190, 34];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  const sx = (x: number) => m + ((x - x0) / (x1 - x0 || 1)) * (w - 2 * m);
  const sy = (y: number) => h - m - ((y - y0) / (y1 - y0 || 1)) * (h - 2 * m);
  const dots = points
    .map(({ t, x, y }) => {
      const fill = t === best ? '#d00' : t.status === 'pruned' ? '#aaa' : '#36c';
      return `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="4" fill="${fill}"><title>trial ${t.id}: ${html(String(t.config[name]))} → ${label(y)}</title></circle>`;
    })
    .join('');
  const back = (p: number) => (d.scale === 'log' ? 10 ** p : d.scale === 'oneMinusLog' ? 1 - 10 ** p : p);
  const xTicks =
    d.scale === 'categorical'
      ? categories
          .map(
            (c, i) => `<text x="${sx(i)}" y="${h - m + 14}" text-anchor="middle">${html(String(c))}</text>`,
          )
          .join('')
      : `<text x="${m}" y="${h - m + 14}">${label(back(x0))}</text><text x="${w - m}" y="${h - m + 14}" text-anchor="end">${label(back(x1))}</text>`;
  return `<figure><svg width="${w}" height="${h}" font-size="10" font-family="sans-serif">
<rect x="${m}" y="${m}" width="${w - 2 * m}" height="${h - 2 * m}" fill="none" stroke="#ccc"/>${dots}${xTicks}
<text x="${m - 4}" y="${sy(y1) + 3}" text-anchor="end">${label(y1)}</text><text x="${m - 4}" y="${sy(y0) + 3}" text-anchor="end">${label(y0)}</text>
</svg><figcaption>${html(objective)} against ${html(name)} (${html(d.scale)} axis)</figcaption></figure>`;
}

/**
 * A self-contained HTML page: the objective of every trial against each hyperparameter, on the
 * hyperparameter's own scale (log for a learning rate, log of 1 − β for β); the best trial red,
 * pruned ones grey.
 * @example
 * const base = { seed: 0, history: [], seconds: 1 };
 * const records: TrialRecord[] = [
 *   { ...base, id: 0, status: 'done', config: { lr: 0.1 }, metrics: { valAccuracy: 0.9 } },
 *   { ...base, id: 1, status: 'done', config: { lr: 0.01 }, metrics: { valAccuracy: 0.95 } },
 * ];
 * const html = searchReport(records, { lr: logUniform(1e-3, 1) }, { objective: 'valAccuracy' });
 */
export function searchReport(records: readonly TrialRecord[], space: Space, objective: Objective): string {
  const ranked = rankTrials(records, objective);
  const plots = Object.keys(space)
    .map((name) => plot(name, space, ranked, ranked[0], objective.objective))
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>nabla search</title>
<style>body{font-family:sans-serif}figure{display:inline-block;margin:8px}</style></head><body>
<h1>${ranked.length} of ${records.length} trials with ${html(objective.objective)}</h1>
<p>${html(summarizeTrials(records))}</p>
${plots}
</body></html>
`;
}
