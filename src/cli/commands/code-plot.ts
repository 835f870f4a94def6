import { tensor } from '../../index.js';
import { writeImage } from '../../vision/image-io.js';

// Ten distinct colours (Tableau 10), one per digit.
const PALETTE = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

/**
 * Writes a scatter plot of 2-D points as a `size`×`size` PNG on white, each point a 3×3 dot in
 * its label's colour (labels 0–9), the axes scaled to the points' 1st–99th percentiles.
 */
export function writeCodePlot(
  path: string,
  points: ArrayLike<number>,
  labels: ArrayLike<number>,
  size = 512,
): void {
  const n = labels.length;
  const axis = (k: number): [number, number] => {
    const v = Array.from({ length: n }, (_, i) => points[2 * i + k]!).sort((a, b) => a - b);
    return [v[Math.floor(0.01 * (n - 1))]!, v[Math.ceil(0.99 * (n - 1))]!];
  };
  const [[x0, x1], [y0, y1]] = [axis(0), axis(1)];
  const image = new Float32Array(3 * size * size).fill(1);
  for (let i = 0; i < n; i++) {
    const px = Math.round(((points[2 * i]! - x0) / (x1 - x0 || 1)) * (size - 5)) + 2;
    const py = Math.round((1 - (points[2 * i + 1]! - y0) / (y1 - y0 || 1)) * (size - 5)) + 2;
    if (px < 1 || py < 1 || px > size - 2 || py > size - 2) continue;
    const colour = PALETTE[labels[i]! % 10]!;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        for (let c = 0; c < 3; c++) image[c * size * size + (py + dy) * size + px + dx] = colour[c]! / 255;
      }
    }
  }
  writeImage(path, tensor(image, { shape: [3, size, size] }));
}
