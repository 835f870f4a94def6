import type * as JpegJs from 'jpeg-js';
import type * as PngJs from 'pngjs';
import { FileFormatError } from '../errors.js';
import { readFileBytes, writeFileAtomic } from '../platform/files.js';
import { nodeRequire } from '../platform/node.js';

// The codecs are CommonJS packages built on Node's zlib and Buffer: loaded on first use, so the
// core bundles for a browser without them.
function pngjs(): typeof PngJs {
  return nodeRequire('pngjs', 'PNG encoding and decoding') as typeof PngJs;
}

function jpegjs(): typeof JpegJs {
  return nodeRequire('jpeg-js', 'JPEG decoding') as typeof JpegJs;
}

/** A grayscale image: row-major bytes, 0 = black, 255 = white. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * An 8-bit image with interleaved channels: row-major pixels of `channels` bytes each
 * (1 = gray, 3 = red, green, blue).
 */
export interface RasterImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** What a decoder produced before conversion: 4 channels means RGBA (straight alpha). */
interface Decoded {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

/**
 * Reads a PNG (any colour type; colour is averaged to gray, transparency composited on black) or
 * a binary/ASCII PGM (P5/P2) into a grayscale image. Corrupt files give one FileFormatError.
 * @example
 * writePng('digit.png', { width: 2, height: 1, channels: 1, data: new Uint8Array([0, 255]) });
 * const { width, height, data } = readGrayImage('digit.png'); // 2, 1, [0, 255]
 */
export function readGrayImage(path: string, options: ImageReadOptions = {}): GrayImage {
  const { width, height, data } = readRasterImage(path, 1, options);
  return { width, height, data };
}

/**
 * Reads a PNG, a JPEG or a PGM/PPM (P2/P5 gray, P3/P6 colour) as `channels` 8-bit channels.
 * Colour becomes gray as the mean of red, green and blue; gray becomes colour by repetition;
 * transparency is composited on black. Corrupt files give one FileFormatError naming the file.
 * @example
 * writePng('red.png', { width: 1, height: 1, channels: 3, data: new Uint8Array([255, 0, 0]) });
 * const { width, height, channels, data } = readRasterImage('red.png', 3); // data: RGBRGB... = [255, 0, 0]
 */
export function readRasterImage(
  path: string,
  channels: 1 | 3 = 3,
  options: ImageReadOptions = {},
): RasterImage {
  const bytes = readFileBytes(path);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_IMAGE_PIXELS;
  return convertChannels(
    decodeAny(bytes, path, (w, h) => checkPixels(w, h, maxPixels, path)),
    channels,
  );
}

/** Options of the image readers. */
export interface ImageReadOptions {
  /**
   * The most pixels an image may have (default {@link DEFAULT_MAX_IMAGE_PIXELS}): its size is read
   * from the header first, so a small file that would decode to gigabytes is refused up front.
   */
  maxPixels?: number;
}

/** The default pixel limit of the image readers: 25 megapixels (100 MB decoded as RGBA). */
export const DEFAULT_MAX_IMAGE_PIXELS = 25_000_000;

type SizeCheck = (width: number, height: number) => void;

function checkPixels(width: number, height: number, maxPixels: number, path: string): void {
  if (width === 0 || height === 0) throw new FileFormatError(path, `is an empty image (${width}×${height})`);
  if (width * height > maxPixels) {
    throw new FileFormatError(
      path,
      `is ${width}×${height} = ${width * height} pixels, above the limit of ${maxPixels} (pass { maxPixels } to raise it)`,
    );
  }
}

function decodeAny(bytes: Uint8Array, path: string, checkSize: SizeCheck): Decoded {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    checkSize(...pngSize(bytes, path));
    return decodePng(bytes, path);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    checkSize(...jpegSize(bytes, path));
    return decodeJpeg(bytes, path);
  }
  const kind = bytes[1];
  if (bytes[0] === 0x50 && (kind === 0x32 || kind === 0x33 || kind === 0x35 || kind === 0x36)) {
    return decodePnm(bytes, path, checkSize);
  }
  throw new FileFormatError(path, 'is neither a PNG nor a PGM/PPM (P2/P3/P5/P6) nor a JPEG image');
}

// A PNG starts with its 8-byte signature and the IHDR chunk: length, "IHDR", width, height.
function pngSize(bytes: Uint8Array, path: string): [number, number] {
  const ihdr = String.fromCharCode(...bytes.subarray(12, 16));
  if (bytes.length < 24 || ihdr !== 'IHDR')
    throw new FileFormatError(path, 'is not a valid PNG (no IHDR header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, 24);
  return [view.getUint32(16), view.getUint32(20)];
}

// A JPEG's size is in its start-of-frame segment (markers C0–CF but C4, C8, CC): the scan walks
// the segments before it by their lengths.
function jpegSize(bytes: Uint8Array, path: string): [number, number] {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) break;
    const marker = bytes[i + 1]!;
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return [(bytes[i + 7]! << 8) | bytes[i + 8]!, (bytes[i + 5]! << 8) | bytes[i + 6]!];
    }
    i += 2 + length;
  }
  throw new FileFormatError(path, 'is not a valid JPEG (no frame header before the data)');
}

function decodePng(bytes: Uint8Array, path: string): Decoded {
  const { PNG } = pngjs();
  let png: PngJs.PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes));
  } catch (error) {
    throw new FileFormatError(path, `is not a valid PNG (${(error as Error).message})`);
  }
  return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data) };
}

function decodeJpeg(bytes: Uint8Array, path: string): Decoded {
  try {
    // tolerantDecoding off: a truncated JPEG must fail rather than come back half gray.
    const jpeg = jpegjs().decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
    const n = jpeg.width * jpeg.height;
    if (n === 0 || jpeg.data.length !== 3 * n)
      throw new Error(`decoded ${jpeg.data.length} bytes for ${n} pixels`);
    return { width: jpeg.width, height: jpeg.height, channels: 3, data: jpeg.data };
  } catch (error) {
    throw new FileFormatError(path, `is not a valid JPEG (${(error as Error).message})`);
  }
}

/** Converts decoded pixels to `channels`, compositing any alpha on black. */
function convertChannels(image: Decoded, channels: 1 | 3): RasterImage {
  const { width, height, data: src } = image;
  const n = width * height;
  const from = image.channels;
  const data = new Uint8Array(n * channels);
  for (let p = 0; p < n; p++) {
    const alpha = from === 4 ? src[4 * p + 3]! / 255 : 1;
    const r = src[from * p]!;
    const g = from === 1 ? r : src[from * p + 1]!;
    const b = from === 1 ? r : src[from * p + 2]!;
    if (channels === 1) {
      data[p] = from === 1 ? r : Math.round(((r + g + b) / 3) * alpha);
      continue;
    }
    data[3 * p] = Math.round(r * alpha);
    data[3 * p + 1] = Math.round(g * alpha);
    data[3 * p + 2] = Math.round(b * alpha);
  }
  return { width, height, channels, data };
}

/**
 * Parses a Netpbm header (magic, width, height, maxval, with # comments between tokens), then
 * the ASCII (P2/P3) or binary (P5/P6) samples, scaled to 0–255.
 */
function decodePnm(bytes: Uint8Array, path: string, checkSize: SizeCheck): Decoded {
  const magic = bytes[1]!;
  const ascii = magic === 0x32 || magic === 0x33;
  const channels = magic === 0x33 || magic === 0x36 ? 3 : 1;
  const format = channels === 3 ? 'PPM' : 'PGM';
  let i = 2;
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
      throw new FileFormatError(path, `has a malformed ${format} header near byte ${i}`);
    return n;
  };
  // Whether another token follows (after white space and comments).
  const hasToken = (): boolean => {
    while (i < bytes.length && (isSpace(bytes[i]!) || bytes[i] === 0x23)) {
      if (bytes[i] === 0x23) while (i < bytes.length && bytes[i] !== 0x0a) i++;
      else i++;
    }
    return i < bytes.length;
  };
  const width = readToken();
  const height = readToken();
  checkSize(width, height);
  const maxval = readToken();
  if (maxval === 0 || maxval > 255)
    throw new FileFormatError(path, `has ${format} maxval ${maxval}; only 1–255 is supported`);
  const n = width * height * channels;
  if (!ascii && bytes.length - i - 1 < n)
    throw new FileFormatError(
      path,
      `is truncated: expected ${n} pixel bytes, got ${Math.max(0, bytes.length - i - 1)}`,
    );
  const data = new Uint8Array(n);
  if (ascii) {
    for (let p = 0; p < n; p++) {
      if (!hasToken()) throw new FileFormatError(path, `is truncated: expected ${n} pixel values, got ${p}`);
      data[p] = Math.round((readToken() * 255) / maxval);
    }
    return { width, height, channels, data };
  }
  i++; // the single whitespace byte after maxval
  for (let p = 0; p < n; p++) data[p] = Math.round((bytes[i + p]! * 255) / maxval);
  return { width, height, channels, data };
}

/**
 * Encodes a grayscale image as PNG bytes (write them with `writeFileAtomic`).
 * @example
 * const bytes = encodeGrayPng({ width: 2, height: 1, data: new Uint8Array([0, 255]) });
 */
export function encodeGrayPng(image: GrayImage): Uint8Array {
  return encodePng({ ...image, channels: 1 });
}

/**
 * Encodes a gray or RGB image as opaque PNG bytes.
 * @example
 * const bytes = encodePng({ width: 1, height: 1, channels: 3, data: new Uint8Array([255, 0, 0]) });
 */
export function encodePng(image: RasterImage): Uint8Array {
  const { PNG } = pngjs();
  const png = new PNG({ width: image.width, height: image.height });
  const c = image.channels;
  for (let p = 0; p < image.width * image.height; p++) {
    png.data[4 * p] = image.data[c * p]!;
    png.data[4 * p + 1] = image.data[c * p + (c === 3 ? 1 : 0)]!;
    png.data[4 * p + 2] = image.data[c * p + (c === 3 ? 2 : 0)]!;
    png.data[4 * p + 3] = 255;
  }
  return new Uint8Array(PNG.sync.write(png));
}

/**
 * Writes a gray or RGB image to `path` as PNG, atomically (readers see the old file or the new).
 * @example
 * writePng('red.png', { width: 1, height: 1, channels: 3, data: new Uint8Array([255, 0, 0]) });
 */
export function writePng(path: string, image: RasterImage): void {
  writeFileAtomic(path, encodePng(image));
}
