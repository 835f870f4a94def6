import { ValueError } from '../index.js';
import type { ErrorAnalysis } from './error-analysis.js';

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * The errors as a CSV to tag by hand, the course's spreadsheet: one row per error, one column per
 * category (pre-filled with `x` where a predicate matched), and a comments column.
 * @example
 * const data = new TensorDataset(tensor([[2, 0], [0, 2]]), tensor([1, 1], { dtype: 'int32' }));
 * const identity = { forward: (x: Tensor) => x, parameters: () => [], train() {}, eval() {}, stateDict: () => ({}), loadStateDict() {} };
 * const analysis = errorAnalysis(identity, data, { categories: { left: (x) => x.data()[0] > 0 } });
 * errorsToCsv(analysis, ['left', 'blurry']); // 'index,label,predicted,confidence,left,blurry,comments\n0,1,0,0.8808,x,,\n'
 */
export function errorsToCsv(analysis: ErrorAnalysis, categories: readonly string[]): string {
  const header = ['index', 'label', 'predicted', 'confidence', ...categories, 'comments'];
  const rows = analysis.errors.map((e) => [
    String(e.index),
    String(e.label),
    String(e.predicted),
    e.confidence.toFixed(4),
    ...categories.map((c) => (e.tags.includes(c) ? 'x' : '')),
    '',
  ]);
  return `${[header, ...rows].map((r) => r.map(quote).join(',')).join('\n')}\n`;
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

const NOT_CATEGORIES = new Set(['index', 'label', 'predicted', 'confidence', 'comments', 'comment']);

/**
 * Tags from a filled-in sheet: an `index` column, then any columns of categories where a
 * non-empty cell other than `0`, `no` or `false` tags the example. Returns tags by example index.
 * @example
 * parseTagsCsv('index,dog,blurry\n3,x,\n8,,1\n'); // Map { 3 => ['dog'], 8 => ['blurry'] }
 */
export function parseTagsCsv(text: string): Map<number, string[]> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new ValueError('parseTagsCsv: the CSV is empty');
  const header = splitRow(lines[0]!).map((h) => h.trim());
  const at = header.indexOf('index');
  if (at < 0)
    throw new ValueError(`parseTagsCsv: the header needs an 'index' column, got ${header.join(',')}`);
  const tags = new Map<number, string[]>();
  lines.slice(1).forEach((line, row) => {
    const cells = splitRow(line);
    const index = Number(cells[at]);
    if (!Number.isSafeInteger(index) || index < 0)
      throw new ValueError(`parseTagsCsv: row ${row + 2} has index '${cells[at]}', expected a whole number`);
    const own = header.filter((h, j) => {
      const v = (cells[j] ?? '').trim().toLowerCase();
      return !NOT_CATEGORIES.has(h) && v !== '' && v !== '0' && v !== 'no' && v !== 'false';
    });
    tags.set(index, own);
  });
  return tags;
}
