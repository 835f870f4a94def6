import { writePng } from '../../index.js';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from '../../text/embeddings/glyphs.js';

/** One curve of a line plot: its points (x, y) in order of x, a legend label and an RGB colour. */
export interface LineSeries {
  label: string;
  points: readonly (readonly [number, number])[];
  color: readonly [number, number, number];
}

const MARGIN = 24;
const INK = [0, 0, 0] as const;
const GRID = [225, 225, 225] as const;

/**
 * Writes curves as a `width`×`height` PNG on white: a frame, faint labelled horizontal lines at
 * each decade (log y) or tenth (linear y), the curves joined by straight segments, and a legend in
 * the top right. The x axis runs from 0 to the largest x, written under its right end with
 * `xUnit`; y from the smallest to the largest y.
 * @example
 * writeLinePlot('loss.png', [{ label: 'adam', color: [31, 119, 180], points: [[0, 2.3], [1, 0.4], [2, 0.3]] }], { logY: true, xUnit: 's' });
 */
export function writeLinePlot(
  path: string,
  series: readonly LineSeries[],
  { width = 640, height = 400, logY = false, xUnit = '' } = {},
): void {
  const data = new Uint8Array(width * height * 3).fill(255);
  const paint = (x: number, y: number, c: readonly number[]): void => {
    if (x >= 0 && y >= 0 && x < width && y < height) data.set(c, (y * width + x) * 3);
  };
  const text = (left: number, top: number, t: string, scale: number): void =>
    Array.from(t).forEach((char, c) => {
      for (let gy = 0; gy < GLYPH_HEIGHT * scale; gy++)
        for (let gx = 0; gx < GLYPH_WIDTH * scale; gx++)
          if (glyphPixel(char, Math.floor(gx / scale), Math.floor(gy / scale)))
            paint(left + c * (GLYPH_WIDTH + 1) * scale + gx, top + gy, INK);
    });
  const fy = (y: number): number => (logY ? Math.log10(Math.max(y, 1e-12)) : y);
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(...all.map(([x]) => x), 1e-9);
  const ys = all.map(([, y]) => fy(y));
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const toX = (x: number): number => Math.round(MARGIN + (x / xMax) * (width - 2 * MARGIN));
  const toY = (y: number): number =>
    Math.round(height - MARGIN - ((fy(y) - y0) / (y1 - y0 || 1)) * (height - 2 * MARGIN));
  const gridStep = logY ? 1 : (y1 - y0) / 10 || 1;
  for (let g = Math.ceil(y0 / gridStep) * gridStep; g <= y1; g += gridStep) {
    const py = toY(logY ? 10 ** g : g);
    for (let x = MARGIN; x < width - MARGIN; x++) paint(x, py, GRID);
    text(MARGIN + 3, py - GLYPH_HEIGHT - 2, String(Number((logY ? 10 ** g : g).toPrecision(2))), 1);
  }
  const xLabel = `${Number(xMax.toPrecision(3))} ${xUnit}`;
  text(width - MARGIN - xLabel.length * (GLYPH_WIDTH + 1), height - MARGIN + 6, xLabel, 1);
  text(MARGIN, height - MARGIN + 6, '0', 1);
  for (let x = MARGIN; x <= width - MARGIN; x++) {
    paint(x, MARGIN, INK);
    paint(x, height - MARGIN, INK);
  }
  for (let y = MARGIN; y <= height - MARGIN; y++) {
    paint(MARGIN, y, INK);
    paint(width - MARGIN, y, INK);
  }
  for (const s of series) {
    for (let i = 1; i < s.points.length; i++) {
      const [a, b] = [s.points[i - 1]!, s.points[i]!];
      const [ax, ay, bx, by] = [toX(a[0]), toY(a[1]), toX(b[0]), toY(b[1])];
      const n = Math.max(Math.abs(bx - ax), Math.abs(by - ay), 1);
      for (let k = 0; k <= n; k++) {
        const [px, py] = [Math.round(ax + ((bx - ax) * k) / n), Math.round(ay + ((by - ay) * k) / n)];
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
        ] as const)
          paint(px + dx, py + dy, s.color);
      }
    }
  }
  series.forEach((s, i) => {
    const top = MARGIN + 8 + i * (GLYPH_HEIGHT * 2 + 6);
    const left = width - MARGIN - 8 - (s.label.length * (GLYPH_WIDTH + 1) + 14) * 2;
    for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 20; dx++) paint(left + dx, top + 5 + dy, s.color);
    text(left + 28, top, s.label, 2);
  });
  writePng(path, { width, height, channels: 3, data });
}
