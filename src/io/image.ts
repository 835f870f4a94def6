import { PNG } from 'pngjs';
import { FileFormatError } from '../errors.js';
import { readFileBytes } from '../platform/files.js';

/** A grayscale image: row-major bytes, 0 = black, 255 = white. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Reads a PNG (any colour type; colour is averaged to gray, transparency composited on black) or
 * a binary/ASCII PGM (P5/P2) into a grayscale image. Corrupt files give one FileFormatError.
 * @example
 * const { width, height, data } = readGrayImage('digit.png');
 */
export function readGrayImage(path: string): GrayImage {
  const bytes = readFileBytes(path);
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return decodePng(bytes, path);
  if (bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x32)) return decodePgm(bytes, path);
  throw new FileFormatError(path, 'is neither a PNG nor a PGM (P2/P5) image');
}

function decodePng(bytes: Uint8Array, path: string): GrayImage {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes));
  } catch (error) {
    throw new FileFormatError(path, `is not a valid PNG (${(error as Error).message})`);
  }
  const { width, height, data: rgba } = png;
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const alpha = rgba[4 * i + 3]! / 255;
    data[i] = Math.round(((rgba[4 * i]! + rgba[4 * i + 1]! + rgba[4 * i + 2]!) / 3) * alpha);
  }
  return { width, height, data };
}

/** Parses the PGM header: magic, width, height, maxval, with # comments between tokens. */
function decodePgm(bytes: Uint8Array, path: string): GrayImage {
  const ascii = bytes[1] === 0x32;
  const tokens: number[] = [];
  let i = 2;
  const headerTokens = 3;
  const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  const readToken = (): number => {
    while (i < bytes.length && (isSpace(bytes[i]!) || bytes[i] === 0x23)) {
      if (bytes[i] === 0x23) while (i < bytes.length && bytes[i] !== 0x0a) i++;
      else i++;
    }
    let s = '';
    while (i < bytes.length && !isSpace(bytes[i]!)) s += String.fromCharCode(bytes[i++]!);
    const n = Number(s);
    if (s === '' || !Number.isInteger(n) || n < 0)
      throw new FileFormatError(path, `has a malformed PGM header near byte ${i}`);
    return n;
  };
  for (let t = 0; t < headerTokens; t++) tokens.push(readToken());
  const [width, height, maxval] = tokens as [number, number, number];
  if (maxval === 0 || maxval > 255)
    throw new FileFormatError(path, `has PGM maxval ${maxval}; only 1–255 is supported`);
  const n = width * height;
  const data = new Uint8Array(n);
  if (ascii) {
    for (let p = 0; p < n; p++) data[p] = Math.round((readToken() * 255) / maxval);
    return { width, height, data };
  }
  i++; // the single whitespace byte after maxval
  if (bytes.length - i < n)
    throw new FileFormatError(path, `is truncated: expected ${n} pixel bytes, got ${bytes.length - i}`);
  for (let p = 0; p < n; p++) data[p] = Math.round((bytes[i + p]! * 255) / maxval);
  return { width, height, data };
}

/**
 * Encodes a grayscale image as PNG bytes (write them with `writeFileAtomic`).
 * @example
 * const bytes = encodeGrayPng({ width: 2, height: 1, data: new Uint8Array([0, 255]) });
 */
export function encodeGrayPng(image: GrayImage): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height });
  for (let p = 0; p < image.data.length; p++) {
    const v = image.data[p]!;
    png.data[4 * p] = v;
    png.data[4 * p + 1] = v;
    png.data[4 * p + 2] = v;
    png.data[4 * p + 3] = 255;
  }
  return new Uint8Array(PNG.sync.write(png));
}
