import { type RasterImage, ShapeError, Tensor, ValueError, writePng } from '../index.js';
import { drawText } from './tiny-font.js';

/** How {@link confusionMatrixImage} turns counts into shares: of each true class, predicted class, or all. */
export type ConfusionNormalize = 'true' | 'pred' | 'all';

export interface ConfusionImageOptions {
  /** A name per class for the axes (default 0, 1, …); the font has digits, letters and `>%.-`. */
  labels?: readonly string[];
  /**
   * Colour and label each cell by its share instead of its count: 'true' divides by the row (the
   * recall of each class on the diagonal), 'pred' by the column (precision), 'all' by the total.
   */
  normalize?: ConfusionNormalize;
  /** Each font pixel becomes scale × scale pixels (default 2). */
  scale?: number;
}

const op = 'confusionMatrixImage';
// White for 0, dark blue for the largest cell.
const dark = [8, 48, 107] as const;

/**
 * A confusion matrix as a heatmap, rows the true classes and columns the predicted ones (as
 * `confusionMatrix` counts them): each cell shaded from white (0) to dark blue (the largest
 * value) with its count, or its percentage when `normalize` is set, written in it; class labels
 * on both axes under the titles TRUE and PREDICTED. Returns an RGB image for `writePng`/`encodePng`.
 * @example
 * const image = confusionMatrixImage([[5, 1], [0, 4]], { labels: ['cat', 'dog'] });
 * [image.width, image.height]; // => [114, 108]
 */
export function confusionMatrixImage(
  matrix: Tensor | readonly (readonly number[])[],
  options: ConfusionImageOptions = {},
): RasterImage {
  const { normalize, scale = 2 } = options;
  const { n, counts } = squareCounts(matrix);
  const labels = options.labels ?? Array.from({ length: n }, (_, i) => String(i));
  if (!Array.isArray(labels) || labels.length !== n || !labels.every((l) => typeof l === 'string'))
    throw new ShapeError(
      `${op}: labels must be ${n} strings (one per class), got ${Array.isArray(labels) ? `${labels.length} values` : typeof labels}`,
    );
  if (normalize !== undefined && !['true', 'pred', 'all'].includes(normalize))
    throw new ValueError(`${op}: normalize must be 'true', 'pred' or 'all', got '${String(normalize)}'`);
  if (!Number.isSafeInteger(scale) || scale < 1)
    throw new ValueError(`${op}: scale must be a positive integer, got ${scale}`);
  const values = shares(counts, n, normalize);
  const texts = values.map((v) =>
    normalize ? `${Math.round(100 * v)}%` : String(Math.round(v * 1e3) / 1e3),
  );
  const top = Math.max(...values, 0);

  const s = scale;
  const chars = (k: number) => (4 * k - 1) * s; // drawn width of k characters
  const cell = chars(Math.max(4, ...texts.map((t) => t.length), ...labels.map((l) => l.length))) + 4 * s;
  const left = chars(Math.max(4, ...labels.map((l) => l.length))) + 3 * s;
  const gridTop = 15 * s;
  const width = left + Math.max(n * cell, chars(9)) + s;
  const height = gridTop + n * cell + s;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const ink = [30, 30, 30] as const;
  drawText(rgb, width, height, 'PREDICTED', left, s, ink, s);
  drawText(rgb, width, height, 'TRUE', s, 8 * s, ink, s);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    drawText(
      rgb,
      width,
      height,
      label,
      left - 2 * s - chars(label.length),
      gridTop + i * cell + Math.floor((cell - 5 * s) / 2),
      ink,
      s,
    );
    drawText(
      rgb,
      width,
      height,
      label,
      left + i * cell + Math.floor((cell - chars(label.length)) / 2),
      8 * s,
      ink,
      s,
    );
  }
  values.forEach((v, k) => {
    const [i, j] = [Math.floor(k / n), k % n];
    const t = top > 0 ? v / top : 0;
    const colour = dark.map((c) => Math.round(255 + t * (c - 255)));
    const [x0, y0] = [left + j * cell, gridTop + i * cell];
    for (let y = y0; y < y0 + cell; y++) {
      for (let x = x0; x < x0 + cell; x++) rgb.set(colour, (y * width + x) * 3);
    }
    const text = texts[k]!;
    const textColour = t > 0.5 ? ([255, 255, 255] as const) : ink;
    const [tx, ty] = [x0 + Math.floor((cell - chars(text.length)) / 2), y0 + Math.floor((cell - 5 * s) / 2)];
    drawText(rgb, width, height, text, tx, ty, textColour, s);
  });
  return { width, height, channels: 3, data: rgb };
}

/**
 * Writes {@link confusionMatrixImage} of `matrix` to a PNG file at `path`.
 * @example
 * confusionMatrixPng([[50, 2, 0], [3, 41, 6], [0, 4, 44]], 'confusion.png', { normalize: 'true' });
 */
export function confusionMatrixPng(
  matrix: Tensor | readonly (readonly number[])[],
  path: string,
  options: ConfusionImageOptions = {},
): void {
  writePng(path, confusionMatrixImage(matrix, options));
}

// The matrix as row-major numbers, checked square with finite entries ≥ 0.
function squareCounts(matrix: unknown): { n: number; counts: number[] } {
  let n: number;
  let counts: number[];
  if (matrix instanceof Tensor) {
    if (matrix.ndim !== 2 || matrix.shape[0] !== matrix.shape[1])
      throw new ShapeError(`${op}: matrix must be square [C, C], got [${matrix.shape.join(', ')}]`);
    n = matrix.shape[0]!;
    counts = Array.from(matrix.data() as ArrayLike<number>, Number);
  } else if (Array.isArray(matrix)) {
    n = matrix.length;
    const rows = matrix.map((row) => (Array.isArray(row) ? row.length : -1));
    if (rows.some((len) => len !== n))
      throw new ShapeError(
        `${op}: matrix must be square [C, C], got ${n} rows of lengths [${rows.map((r) => (r < 0 ? 'not an array' : r)).join(', ')}]`,
      );
    counts = (matrix as number[][]).flat();
  } else {
    throw new ValueError(
      `${op}: matrix must be a Tensor or an array of rows, got ${matrix === null ? 'null' : typeof matrix}`,
    );
  }
  if (n === 0) throw new ShapeError(`${op}: matrix must have at least one class, got [0, 0]`);
  counts.forEach((v, k) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new ValueError(
        `${op}: matrix[${Math.floor(k / n)}][${k % n}] must be a finite count ≥ 0, got ${String(v)}`,
      );
  });
  return { n, counts };
}

// The cell values: counts, or shares of the row, column or total (0 where that is empty).
function shares(counts: number[], n: number, normalize: ConfusionNormalize | undefined): number[] {
  if (normalize === undefined) return counts;
  const total = counts.reduce((a, b) => a + b, 0);
  const row = (i: number) => counts.slice(i * n, i * n + n).reduce((a, b) => a + b, 0);
  const col = (j: number) => counts.filter((_, k) => k % n === j).reduce((a, b) => a + b, 0);
  return counts.map((v, k) => {
    const d = normalize === 'true' ? row(Math.floor(k / n)) : normalize === 'pred' ? col(k % n) : total;
    return d > 0 ? v / d : 0;
  });
}
