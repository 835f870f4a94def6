/**
 * The IDX format of the original MNIST files (http://yann.lecun.com/exdb/mnist/):
 *
 * ```
 * [0x00 0x00][type code][number of dimensions d][d × big-endian u32 sizes][data, row-major]
 * ```
 *
 * Only type 0x08 (unsigned bytes) is read: it is what MNIST and its look-alikes use.
 */
import { DatasetError } from '../errors.js';
import { readFileBytes } from '../platform/files.js';

/** An IDX array: its shape and its bytes, row-major. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

const TYPE_NAMES = new Map([
  [0x08, 'unsigned byte'],
  [0x09, 'signed byte'],
  [0x0b, 'short'],
  [0x0c, 'int'],
  [0x0d, 'float'],
  [0x0e, 'double'],
]);

/**
 * Reads an IDX file of unsigned bytes; a missing, truncated or corrupt file throws one
 * {@link DatasetError} naming it.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * // Magic 0x00000801 (unsigned bytes, one axis), the axis size 3, then the three labels.
 * writeFileSync('labels-idx1-ubyte', new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]));
 * const { shape, data } = readIdx('labels-idx1-ubyte'); // shape [3], data [7, 2, 1]
 */
export function readIdx(path: string): IdxArray {
  return decodeIdx(readFileBytes(path, DatasetError), path);
}

/**
 * Parses IDX bytes. `data` is a view on `bytes` (no copy: the MNIST images are 47 MB).
 *
 * @example
 * decodeIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9])); // => { shape: [2], data: [7, 9] }
 */
export function decodeIdx(bytes: Uint8Array, file = '<memory>'): IdxArray {
  const fail = (message: string) => new DatasetError(file, `not a valid IDX file: ${message}`);
  if (bytes.length < 4) throw fail(`expected at least 4 bytes of magic number, got ${bytes.length}`);
  const [zero0, zero1, type, rank] = Array.from(bytes.subarray(0, 4)) as [number, number, number, number];
  if (zero0 !== 0 || zero1 !== 0)
    throw fail(`magic number must start with two zero bytes, got ${hex(zero0)} ${hex(zero1)}`);
  if (type !== 0x08) {
    const known = TYPE_NAMES.get(type);
    const name = known ? `${hex(type)} (${known})` : `unknown type ${hex(type)}`;
    throw fail(`only type 0x08 (unsigned byte) is supported, got ${name}`);
  }
  if (rank === 0) throw fail('number of dimensions must be at least 1, got 0');
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw fail(
      `expected ${headerLength} header bytes for ${rank} dimensions, got ${bytes.length} (truncated?)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = headerLength + shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    const why = bytes.length < expected ? 'truncated' : 'trailing bytes';
    throw fail(`expected ${expected} bytes for shape [${shape.join(', ')}], got ${bytes.length} (${why})`);
  }
  return { shape, data: bytes.subarray(headerLength) };
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}
