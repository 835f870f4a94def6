/**
 * The safetensors format, read and written by hand, byte-compatible with the reference
 * implementation (https://github.com/huggingface/safetensors):
 *
 * ```
 * [8 bytes: N, little-endian u64][N bytes: UTF-8 JSON header, space-padded][raw little-endian data]
 * header = {"__metadata__": {"k": "v"}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...}
 * ```
 *
 * Offsets count from the start of the data section. A file is untrusted input: the decoder checks
 * every field, the exact byte layout and the values before it copies anything out. It reads
 * nabla's four dtypes and what PyTorch files add: F16 and BF16 (to float32, exactly) and I64 (to
 * int32, when every value fits; see `safetensors-dtypes.ts`). It writes only nabla's four.
 */
import type { DType, TypedArray } from '../backends/types.js';
import { FileFormatError, ValueError } from '../errors.js';
import { readFileBytes, writeFileAtomic } from '../platform/files.js';
import { headerProblem, otherFormat } from './header-scan.js';
import {
  isStoredDType,
  readStored,
  STORED_DTYPES,
  type StoredDType,
  storedValueProblem,
  UNSUPPORTED_DTYPES,
} from './safetensors-dtypes.js';

/** A tensor as plain data: what a safetensors file holds under one name. */
export interface RawTensor {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

/** The decoded contents of a safetensors file. */
export interface SafetensorsContents {
  tensors: Record<string, RawTensor>;
  metadata: Record<string, string>;
}

interface Format {
  readonly name: string;
  readonly itemSize: number;
  readonly Array: new (length: number) => TypedArray;
}

const FORMATS: Record<DType, Format> = {
  float32: { name: 'F32', itemSize: 4, Array: Float32Array },
  float64: { name: 'F64', itemSize: 8, Array: Float64Array },
  int32: { name: 'I32', itemSize: 4, Array: Int32Array },
  bool: { name: 'BOOL', itemSize: 1, Array: Uint8Array },
};
// The reference implementation refuses headers over 100,000,000 bytes; so do we.
const MAX_HEADER_BYTES = 100_000_000;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const SUPPORTED = Object.keys(STORED_DTYPES).join(', ');

/**
 * Serializes tensors (and optional string metadata) into safetensors bytes. Tensors are laid out
 * sorted by name, so the same dict always gives the same bytes. Bool data is written as 0/1.
 *
 * @example
 * const bytes = encodeSafetensors({ w: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } });
 * decodeSafetensors(bytes).tensors.w.data; // Float32Array [1, 2]
 */
export function encodeSafetensors(
  tensors: Record<string, RawTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const parts: string[] = [];
  if (Object.keys(metadata).length > 0)
    parts.push(`"__metadata__":${JSON.stringify(checkMetadata(metadata))}`);
  let dataLength = 0;
  for (const name of names) {
    const { dtype, shape } = checkTensor(name, tensors[name]);
    const size = FORMATS[dtype].itemSize * product(shape);
    const info = { dtype: FORMATS[dtype].name, shape, data_offsets: [dataLength, dataLength + size] };
    // Written by hand rather than JSON.stringify(object): objects put integer-like keys first.
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    dataLength += size;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  // Space padding to a multiple of 8 keeps the data section 8-byte aligned, as the reference does.
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + dataLength);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const name of names) {
    const { dtype, data } = tensors[name] as RawTensor;
    if (dtype === 'bool') {
      for (let i = 0; i < data.length; i++) bytes[position + i] = data[i] ? 1 : 0;
    } else {
      bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
      if (!LITTLE_ENDIAN_HOST)
        swapBytes(bytes.subarray(position, position + data.byteLength), FORMATS[dtype].itemSize);
    }
    position += data.byteLength;
  }
  return bytes;
}

/**
 * Parses safetensors bytes, checking everything first. Any problem throws one
 * {@link FileFormatError} naming `file`. Every tensor gets a fresh, aligned typed array. F16 and
 * BF16 tensors (as PyTorch writes them) come back as float32, I64 ones as int32; an I64 value
 * outside int32's range is a FileFormatError naming the tensor.
 *
 * @example
 * const bytes = encodeSafetensors({ w: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } }, { epoch: '3' });
 * const { tensors, metadata } = decodeSafetensors(bytes, 'model.safetensors');
 * metadata; // => { epoch: '3' }
 */
export function decodeSafetensors(bytes: Uint8Array, file = '<memory>'): SafetensorsContents {
  const fail = (message: string) => new FileFormatError(file, message);
  const { header, dataStart } = readHeader(bytes, fail);
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') metadata = readMetadata(value, fail);
    else entries.push(readEntry(name, value, fail));
  }
  checkLayout(entries, bytes.length - dataStart, fail);
  const dataOf = ({ begin, end }: Entry) => bytes.subarray(dataStart + begin, dataStart + end);
  // Every value is checked before the first tensor is allocated.
  for (const entry of entries) {
    const problem = storedValueProblem(dataOf(entry), entry.stored);
    if (problem) throw fail(`tensor '${entry.name}' (${entry.stored}) ${problem}`);
  }
  const tensors = entries.map((entry): [string, RawTensor] => {
    const { name, stored, shape } = entry;
    const data = readStored(dataOf(entry), stored, product(shape));
    return [name, { dtype: STORED_DTYPES[stored].dtype, shape, data }];
  });
  // fromEntries defines own properties, so a tensor named "__proto__" stays a tensor.
  return { tensors: Object.fromEntries(tensors), metadata };
}

/**
 * Writes tensors to a safetensors file atomically (see `writeFileAtomic`).
 *
 * @example
 * saveSafetensors('model.safetensors', { b: { dtype: 'float32', shape: [], data: new Float32Array([0.5]) } }, { epoch: '3' });
 */
export function saveSafetensors(
  path: string,
  tensors: Record<string, RawTensor>,
  metadata?: Record<string, string>,
): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/**
 * Reads and validates a safetensors file; errors are {@link FileFormatError}s naming `path`.
 *
 * @example
 * saveSafetensors('model.safetensors', { b: { dtype: 'float32', shape: [], data: new Float32Array([0.5]) } });
 * const { tensors } = loadSafetensors('model.safetensors');
 * tensors.b!.data; // Float32Array [0.5]
 */
export function loadSafetensors(path: string): SafetensorsContents {
  return decodeSafetensors(readFileBytes(path), path);
}

type Fail = (message: string) => FileFormatError;

interface Entry {
  name: string;
  stored: StoredDType;
  shape: number[];
  begin: number;
  end: number;
}

function readHeader(bytes: Uint8Array, fail: Fail): { header: Record<string, unknown>; dataStart: number } {
  // A length field can spell a magic number (640 is a pickle's 0x80 0x02, 35,615 gzip's 0x1f 0x8b):
  // only a file that does not start like safetensors, a length then '{', is another format.
  const shaped = bytes.length > 8 && bytes[8] === 0x7b;
  const other = shaped ? undefined : otherFormat(bytes);
  if (other) throw fail(`is ${other}, not a safetensors file`);
  if (bytes.length < 8) throw fail(`is ${bytes.length} bytes long, shorter than the 8-byte header length`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  // An impossible length whose header would not start with '{' is another kind of file, not a
  // safetensors file with a bad length.
  const impossible = length > BigInt(MAX_HEADER_BYTES) || length > BigInt(bytes.length - 8);
  if (impossible && bytes[8] !== 0x7b) {
    throw fail(`is not a safetensors file (no JSON header after an 8-byte length)`);
  }
  if (length > BigInt(MAX_HEADER_BYTES)) throw fail(`header length ${length} exceeds the 100 MB limit`);
  if (length > BigInt(bytes.length - 8)) {
    throw fail(
      `header length ${length} exceeds the ${bytes.length - 8} bytes after the length field (truncated?)`,
    );
  }
  const dataStart = 8 + Number(length);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, dataStart));
  } catch {
    throw fail('header is not valid UTF-8');
  }
  const problem = headerProblem(text);
  if (problem) throw fail(`header ${problem}`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw fail(`header is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(header)) throw fail(`header must be a JSON object, got ${describe(header)}`);
  return { header, dataStart };
}

function readEntry(name: string, value: unknown, fail: Fail): Entry {
  const where = `tensor '${name}'`;
  if (!isPlainObject(value)) throw fail(`${where} must be an object, got ${describe(value)}`);
  const extra = Object.keys(value).filter((k) => k !== 'dtype' && k !== 'shape' && k !== 'data_offsets');
  if (extra.length > 0) throw fail(`${where} has unknown field(s) ${extra.join(', ')}`);
  const { dtype: dtypeName, shape, data_offsets: offsets } = value;
  if (!isStoredDType(dtypeName)) {
    const known = typeof dtypeName === 'string' && UNSUPPORTED_DTYPES.has(dtypeName);
    const what = known
      ? `dtype ${dtypeName}, which nabla does not support`
      : `unknown dtype ${describe(dtypeName)}`;
    throw fail(`${where} has ${what} (supported: ${SUPPORTED})`);
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw fail(`${where}: shape must be an array of non-negative integers, got ${describe(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    throw fail(`${where}: data_offsets must be [begin, end] non-negative integers, got ${describe(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  const size = product(shape) * STORED_DTYPES[dtypeName].itemSize;
  if (!Number.isSafeInteger(size)) throw fail(`${where}: shape ${describe(shape)} is too large`);
  if (end - begin !== size) {
    throw fail(
      `${where}: data_offsets [${begin}, ${end}] span ${end - begin} bytes, but ${dtypeName} ${describe(shape)} needs ${size}`,
    );
  }
  return { name, stored: dtypeName, shape, begin, end };
}

// The tensors must tile the data section exactly: no gap, no overlap, no trailing byte.
function checkLayout(entries: Entry[], dataLength: number, fail: Fail): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const { name, begin, end } of sorted) {
    if (begin < cursor)
      throw fail(
        `tensor '${name}' at [${begin}, ${end}] overlaps the previous tensor, which ends at ${cursor}`,
      );
    if (begin > cursor)
      throw fail(`gap in the data section: bytes [${cursor}, ${begin}) belong to no tensor`);
    cursor = end;
  }
  if (cursor > dataLength)
    throw fail(`data section holds ${dataLength} bytes but the tensors need ${cursor} (truncated?)`);
  if (cursor < dataLength) throw fail(`${dataLength - cursor} trailing bytes after the last tensor`);
}

function readMetadata(value: unknown, fail: Fail): Record<string, string> {
  if (!isPlainObject(value)) throw fail(`__metadata__ must be an object of strings, got ${describe(value)}`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw fail(`__metadata__.${key} must be a string, got ${describe(v)}`);
  }
  return value as Record<string, string>;
}

function checkTensor(name: string, tensor: RawTensor | undefined): RawTensor {
  const where = `encodeSafetensors: tensor '${name}'`;
  if (name === '__metadata__') throw new ValueError(`${where}: the name __metadata__ is reserved`);
  const format = tensor && FORMATS[tensor.dtype];
  if (!tensor || !format)
    throw new ValueError(`${where}: dtype must be one of ${Object.keys(FORMATS).join(', ')}`);
  const { shape, data } = tensor;
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw new ValueError(`${where}: shape must be non-negative integers, got ${describe(shape)}`);
  }
  if (!(data instanceof format.Array))
    throw new ValueError(`${where}: ${tensor.dtype} data must be a ${format.Array.name}`);
  if (data.length !== product(shape)) {
    throw new ValueError(
      `${where}: shape ${describe(shape)} holds ${product(shape)} values, data has ${data.length}`,
    );
  }
  return tensor;
}

function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string')
      throw new ValueError(`encodeSafetensors: metadata.${key} must be a string`);
  }
  return metadata;
}

function swapBytes(bytes: Uint8Array, itemSize: number): void {
  for (let i = 0; i < bytes.length; i += itemSize) bytes.subarray(i, i + itemSize).reverse();
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function isNonNegativeInteger(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  const text = JSON.stringify(x) ?? String(x);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
