import { readFileSync, writeFileSync } from 'node:fs';
import {
  type CategoryPredicate,
  confusionMatrixPng,
  contactSheet,
  type ErrorAnalysis,
  errorAnalysis,
  errorsToCsv,
  formatErrorAnalysis,
  parseTagsCsv,
} from '../../diagnose/index.js';
import { loadMnist, select, type Tensor, writePng } from '../../index.js';
import { loadModel } from '../../models/model-file.js';
import { numberOption, outputOption, parseCommand, UsageError } from '../args.js';

export const errorsUsage =
  'nabla errors <model.safetensors> [--limit N] [--tags tags.csv] [--out errors.png] [--csv errors.csv] [--max 100] [--confusion-png confusion.png]';

// Pixels of a flat or [1, 28, 28] digit as a 28 × 28 array of values in [0, 1].
const pixels = (x: Tensor) => x.data();

/**
 * Built-in categories for MNIST digits, each catching about a tenth of the test set (thresholds
 * read off the test set's 10th/90th percentiles): few inked pixels, thin strokes (estimated width
 * 2·area / edge count), and a centre of mass off the middle.
 */
export const digitCategories: Record<string, CategoryPredicate> = {
  'low ink': (x) => pixels(x).filter((v) => v > 0.5).length < 62,
  'thin strokes': (x) => {
    const p = pixels(x);
    let area = 0;
    let edges = 0;
    for (let i = 0; i < 28; i++) {
      for (let j = 0; j < 28; j++) {
        const on = p[i * 28 + j]! > 0.5;
        if (on) area++;
        if (j < 27 && on !== p[i * 28 + j + 1]! > 0.5) edges++;
        if (i < 27 && on !== p[(i + 1) * 28 + j]! > 0.5) edges++;
      }
    }
    return (2 * area) / Math.max(edges, 1) < 1.46;
  },
  'off-centre': (x) => {
    const p = pixels(x);
    let total = 0;
    let cy = 0;
    let cx = 0;
    p.forEach((v, k) => {
      total += v;
      cy += v * Math.floor(k / 28);
      cx += v * (k % 28);
    });
    return total > 0 && Math.hypot(cy / total - 13.5, cx / total - 13.5) > 1.1;
  },
};

/**
 * The 10 × 10 confusion matrix (rows true digit, columns predicted) of an error analysis: every
 * example counts on its label's diagonal cell unless it is one of the errors.
 */
function digitConfusion(labels: ArrayLike<number>, analysis: ErrorAnalysis): number[][] {
  const counts = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]![labels[i]!]! += 1;
  for (const { label, predicted } of analysis.errors) {
    counts[label]![label]! -= 1;
    counts[label]![predicted]! += 1;
  }
  return counts;
}

/**
 * Error analysis of a saved MNIST model on the test digits: the category table (built-in
 * categories plus any tags from a filled-in CSV), a contact sheet of the errors, the errors
 * as a CSV to tag by hand, and on request the confusion matrix as a PNG heatmap.
 */
export function errorsCommand(args: string[]): number {
  const { values, positionals } = parseCommand(
    'errors',
    args,
    ['limit', 'tags', 'out', 'csv', 'max', 'confusion-png'],
    {
      positionals: true,
    },
  );
  if (positionals.length !== 1)
    throw new UsageError(`nabla errors: expected one model file; usage: ${errorsUsage}`);
  const limit =
    values.limit === undefined
      ? undefined
      : numberOption('errors', 'limit', values.limit, 0, { integer: true });
  const max = numberOption('errors', 'max', values.max, 100, { integer: true });
  const out = outputOption('errors', 'out', values.out, 'errors.png');
  const csv = outputOption('errors', 'csv', values.csv, 'errors.csv');
  const confusionPng =
    values['confusion-png'] === undefined
      ? undefined
      : outputOption('errors', 'confusion-png', values['confusion-png'], 'confusion.png');
  const { model, architecture } = loadModel(positionals[0]!);
  const test = loadMnist('test', { limit, shape: architecture === 'mlp' ? 'flat' : 'image' });
  const tags = values.tags === undefined ? undefined : parseTagsCsv(readFileSync(values.tags, 'utf8'));
  const analysis = errorAnalysis(model, test, { categories: digitCategories, tags });
  console.log(`${architecture} on ${test.length.toLocaleString('en-US')} MNIST test digits:`);
  console.log(formatErrorAnalysis(analysis));
  if (confusionPng !== undefined) {
    confusionMatrixPng(digitConfusion(test.tensors[1]!.data(), analysis), confusionPng);
    console.log(`wrote ${confusionPng} (confusion matrix: rows true digit, columns predicted)`);
  }
  if (analysis.errors.length === 0) return 0;
  const shown = analysis.errors.slice(0, max);
  const images = test.tensors[0]!;
  writePng(
    out,
    contactSheet(
      shown.map((e) => ({
        image: select(images, 0, e.index).reshape([28, 28]),
        caption: `${e.label}>${e.predicted} ${Math.round(100 * e.confidence)}%`,
      })),
    ),
  );
  writeFileSync(csv, errorsToCsv(analysis, Object.keys(digitCategories)));
  console.log(
    `wrote ${out} (${shown.length} errors: true>predicted confidence) and ${csv} (${analysis.errors.length} rows to tag)`,
  );
  return 0;
}
