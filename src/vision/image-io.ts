import { readRasterImage, ShapeError, type Tensor, tensor, ValueError, writePng } from '../index.js';

export interface ReadImageOptions {
  /** 3 (default) for RGB, 1 for gray (the mean of red, green and blue). */
  channels?: 1 | 3;
}

/**
 * Reads a PNG, JPEG or PGM/PPM file as a float32 tensor `[channels, height, width]` with values in
 * [0, 1] (byte / 255), the layout every vision layer and transform here expects. A missing or
 * corrupt file throws one FileFormatError naming it.
 * @example
 * writeImage('cat.png', rand([3, 4, 6]));
 * readImage('cat.png').shape; // => [3, 4, 6]
 * readImage('cat.png', { channels: 1 }).shape; // => [1, 4, 6]
 */
export function readImage(path: string, options: ReadImageOptions = {}): Tensor {
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3)
    throw new ValueError(`readImage: channels must be 1 or 3, got ${String(channels)}`);
  const { width, height, data } = readRasterImage(path, channels);
  const plane = width * height;
  const out = new Float32Array(channels * plane);
  // Interleaved bytes (RGBRGB...) become channel planes (RR..GG..BB..).
  for (let p = 0; p < plane; p++)
    for (let c = 0; c < channels; c++) out[c * plane + p] = data[p * channels + c]! / 255;
  return tensor(out, { shape: [channels, height, width] });
}

/**
 * Writes an image tensor `[channels, height, width]` (1 or 3 channels) or `[height, width]` to
 * `path` as a PNG. Values are clamped to [0, 1] and scaled to bytes (NaN becomes 0); the write is
 * atomic, so a reader never sees half a file.
 * @example
 * writeImage('noise.png', rand([3, 32, 32]));
 */
export function writeImage(path: string, image: Tensor): void {
  const shape = image.ndim === 2 ? [1, ...image.shape] : [...image.shape];
  const [channels, height, width] = shape as [number, number, number];
  if (shape.length !== 3 || (channels !== 1 && channels !== 3)) {
    throw new ShapeError(
      `writeImage: image must be [1 or 3 channels, height, width] or [height, width], got shape [${image.shape.join(', ')}]`,
    );
  }
  if (image.dtype === 'bool') throw new ValueError('writeImage: image must hold numbers, got a bool tensor');
  const values = image.data();
  const plane = width * height;
  const bytes = new Uint8Array(channels * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < channels; c++) {
      const v = Number(values[c * plane + p]);
      bytes[p * channels + c] = Number.isNaN(v) ? 0 : Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  writePng(path, { width, height, channels, data: bytes });
}
