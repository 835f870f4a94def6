/**
 * A labelled scatter plot of 2-D points (a PCA or t-SNE projection of word vectors) as a PNG.
 */
import { type RasterImage, ShapeError, writePng } from '../../index.js';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from './glyphs.js';

/** Options of `scatterPlot`. */
export interface ScatterPlotOptions {
  /** Image size in pixels (defaults 800 × 800). */
  width?: number;
  height?: number;
  /** Label pixels per font pixel (default 2). */
  scale?: number;
}

const MARGIN = 20;
const POINT = [31, 119, 180] as const;
const INK = [0, 0, 0] as const;

/**
 * Draws `points` (`[n, 2]`) as dots with their `labels` beside them, scaled to fill the image
 * (keeping room on the right for the longest label), and returns the RGB image.
 * @example
 * const image = scatterPlot(new Float64Array([0, 0, 1, 1]), ['war', 'peace']);
 * image.width; // 800
 */
export function scatterPlot(
  points: ArrayLike<number>,
  labels: readonly string[],
  options: ScatterPlotOptions = {},
): RasterImage {
  const { width = 800, height = 800, scale = 2 } = options;
  if (points.length !== 2 * labels.length)
    throw new ShapeError(
      `scatterPlot: points must hold 2 numbers per label (${labels.length} labels), got ${points.length}`,
    );
  const data = new Uint8Array(width * height * 3).fill(255);
  const paint = (x: number, y: number, color: readonly number[]): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    data.set(color, (y * width + x) * 3);
  };
  const xs = Array.from({ length: labels.length }, (_, i) => points[2 * i]!);
  const ys = Array.from({ length: labels.length }, (_, i) => points[2 * i + 1]!);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // Room on the right for the longest label (at least 60 px, at most a third); the y axis points up.
  const longest = labels.reduce((n, l) => Math.max(n, Array.from(l).length), 0);
  const room = Math.min(Math.max(60, 5 + longest * (GLYPH_WIDTH + 1) * scale), Math.floor(width / 3));
  const toX = (x: number): number =>
    Math.round(MARGIN + ((x - x0) / (x1 - x0 || 1)) * (width - 2 * MARGIN - room));
  const toY = (y: number): number =>
    Math.round(height - MARGIN - ((y - y0) / (y1 - y0 || 1)) * (height - 2 * MARGIN));
  labels.forEach((label, i) => {
    const [px, py] = [toX(xs[i]!), toY(ys[i]!)];
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) paint(px + dx, py + dy, POINT);
    Array.from(label).forEach((char, c) => {
      const left = px + 5 + c * (GLYPH_WIDTH + 1) * scale;
      const top = py - Math.floor((GLYPH_HEIGHT * scale) / 2);
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++)
        for (let gx = 0; gx < GLYPH_WIDTH; gx++)
          if (glyphPixel(char, gx, gy))
            for (let sy = 0; sy < scale; sy++)
              for (let sx = 0; sx < scale; sx++) paint(left + gx * scale + sx, top + gy * scale + sy, INK);
    });
  });
  return { width, height, channels: 3, data };
}

/**
 * Writes `scatterPlot(points, labels, options)` to `file` as a PNG.
 * @example
 * writeScatterPlot('words.png', new Float64Array([0, 0, 1, 1]), ['war', 'peace']);
 */
export function writeScatterPlot(
  file: string,
  points: ArrayLike<number>,
  labels: readonly string[],
  options: ScatterPlotOptions = {},
): void {
  writePng(file, scatterPlot(points, labels, options));
}
