import { type RasterImage, ShapeError, type Tensor, ValueError } from '../index.js';
import { drawText } from './tiny-font.js';

export interface ContactSheetEntry {
  /** `[H, W]` or `[1, H, W]` gray values in [0, 1] (clamped). */
  image: Tensor;
  /** A caption such as `7>2 93%` (digits, `>`, `%`, `.`, `-` and spaces). */
  caption: string;
}

export interface ContactSheetOptions {
  /** Images per row (default 10). */
  columns?: number;
  /** Each image pixel becomes scale × scale pixels (default 2). */
  scale?: number;
}

/**
 * A contact sheet of images with a red caption under each: the misclassified digits of an error
 * analysis with true label, prediction and confidence. Returns an RGB image for `writePng`.
 * @example
 * const sheet = contactSheet([{ image: rand([28, 28]), caption: '7>2 93%' }]);
 * writePng('errors.png', sheet);
 */
export function contactSheet(
  entries: readonly ContactSheetEntry[],
  options: ContactSheetOptions = {},
): RasterImage {
  const { columns = 10, scale = 2 } = options;
  if (entries.length === 0) throw new ValueError('contactSheet: expected at least one image');
  if (!Number.isSafeInteger(columns) || columns < 1 || !Number.isSafeInteger(scale) || scale < 1)
    throw new ValueError(
      `contactSheet: columns and scale must be positive integers, got ${columns} and ${scale}`,
    );
  const shape = entries[0]!.image.shape.slice(-2);
  const [h, w] = [shape[0]!, shape[1]!];
  const captionHeight = 5 * scale + 2 * scale;
  // Wide enough for the longest caption (4 font pixels a character) so captions never run together.
  const captionWidth = Math.max(...entries.map((e) => e.caption.length)) * 4 * scale;
  const cellW = Math.max(w * scale, captionWidth) + 6 * scale;
  const cellH = h * scale + captionHeight + scale;
  const cols = Math.min(columns, entries.length);
  const width = cols * cellW;
  const height = Math.ceil(entries.length / cols) * cellH;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  entries.forEach(({ image, caption }, n) => {
    const dims = image.shape.slice(-2);
    if (image.size !== h * w || dims[0] !== h || dims[1] !== w)
      throw new ShapeError(
        `contactSheet: entries[${n}].image has shape [${image.shape.join(', ')}], expected [${h}, ${w}] like the first`,
      );
    const x0 = (n % cols) * cellW + 3 * scale;
    const y0 = Math.floor(n / cols) * cellH + scale;
    const data = image.data();
    for (let i = 0; i < h * scale; i++) {
      for (let j = 0; j < w * scale; j++) {
        // Ink dark on white, as digits are read.
        const v = Math.round(
          255 * (1 - Math.min(1, Math.max(0, data[Math.floor(i / scale) * w + Math.floor(j / scale)]!))),
        );
        rgb.fill(v, ((y0 + i) * width + x0 + j) * 3, ((y0 + i) * width + x0 + j) * 3 + 3);
      }
    }
    drawText(rgb, width, height, caption, x0, y0 + h * scale + scale, [200, 0, 0], scale);
  });
  return { width, height, channels: 3, data: rgb };
}
