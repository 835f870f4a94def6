import { ValueError } from '../../errors.js';
import { writeFileAtomic } from '../../platform/files.js';
import type { Logs } from '../types.js';
import type { Callback, TrainingLoop } from './callback.js';

/**
 * Writes the history so far after every epoch, as CSV (`epoch,loss,...`, one row per epoch) or
 * JSON (an array of logs), replacing the file atomically so a reader never sees half a file.
 * @example
 * const model = new nn.Linear(2, 1);
 * const [x, y] = [randn([32, 2]), randn([32, 1])];
 * fit(model, {
 *   loss: mseLoss, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 2, verbose: 0,
 *   train: [[x, y]], callbacks: [new HistoryLogger({ path: 'history.csv' })],
 * });
 */
export class HistoryLogger implements Callback {
  readonly path: string;
  readonly format: 'csv' | 'json';

  constructor({
    path,
    format = path.endsWith('.json') ? 'json' : 'csv',
  }: { path: string; format?: 'csv' | 'json' }) {
    if (format !== 'csv' && format !== 'json')
      throw new ValueError(`HistoryLogger: format must be 'csv' or 'json', got ${JSON.stringify(format)}`);
    this.path = path;
    this.format = format;
  }

  onEpochEnd(_epoch: number, _logs: Logs, loop: TrainingLoop): void {
    const rows = loop.history.epochs.map((logs, epoch) => ({ epoch: epoch + 1, ...logs }));
    writeFileAtomic(this.path, this.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : toCsv(rows));
  }
}

/** Rows of numbers as CSV, columns in first-seen order, blanks where a row lacks a column. */
function toCsv(rows: Logs[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const lines = rows.map((r) => columns.map((c) => (r[c] === undefined ? '' : String(r[c]))).join(','));
  return `${[columns.join(','), ...lines].join('\n')}\n`;
}
