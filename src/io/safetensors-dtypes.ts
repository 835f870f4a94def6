/**
 * How each safetensors dtype reads into nabla's dtypes. nabla's own four (F32, F64, I32, BOOL) are
 * copied as they are. Files saved from PyTorch also hold I64 (BatchNorm's `num_batches_tracked`)
 * and often F16 or BF16 weights: those widen to float32 exactly, and I64 narrows to int32 when
 * every value fits. Values are checked ({@link storedValueProblem}) before anything is allocated.
 */
import type { DType, TypedArray } from '../backends/types.js';

/** A dtype name a safetensors header may carry and nabla reads. */
export type StoredDType = 'F32' | 'F64' | 'I32' | 'BOOL' | 'F16' | 'BF16' | 'I64';

/** What each stored dtype becomes and how many bytes one element takes in the file. */
export const STORED_DTYPES: Readonly<Record<StoredDType, { dtype: DType; itemSize: number }>> = {
  F32: { dtype: 'float32', itemSize: 4 },
  F64: { dtype: 'float64', itemSize: 8 },
  I32: { dtype: 'int32', itemSize: 4 },
  BOOL: { dtype: 'bool', itemSize: 1 },
  F16: { dtype: 'float32', itemSize: 2 },
  BF16: { dtype: 'float32', itemSize: 2 },
  I64: { dtype: 'int32', itemSize: 8 },
};

/** Names other tools write; recognised only to say clearly that nabla cannot load them. */
export const UNSUPPORTED_DTYPES: ReadonlySet<string> = new Set([
  'U64',
  'U32',
  'I16',
  'U16',
  'I8',
  'U8',
  'C64',
  'F8_E4M3',
  'F8_E5M2',
  'F8_E8M0',
  'F6_E2M3',
  'F6_E3M2',
  'F4',
]);

/**
 * Whether `name` is a dtype nabla reads.
 * @example
 * isStoredDType('BF16'); // => true
 * isStoredDType('U8'); // => false
 */
export function isStoredDType(name: unknown): name is StoredDType {
  return typeof name === 'string' && Object.hasOwn(STORED_DTYPES, name);
}

const INT32_MIN = -(2 ** 31);
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Copies little-endian `bytes` into `out` (fresh and aligned) and returns it. */
function copied<T extends TypedArray>(out: T, bytes: Uint8Array, itemSize: number): T {
  const raw = new Uint8Array(out.buffer);
  raw.set(bytes);
  if (!LITTLE_ENDIAN_HOST) {
    for (let i = 0; i < raw.length; i += itemSize) raw.subarray(i, i + itemSize).reverse();
  }
  return out;
}

/**
 * Why the stored bytes of one tensor cannot be read into its nabla dtype (a BOOL byte other than
 * 0 and 1, an I64 value outside int32's range), or undefined when they can.
 * @example
 * const big = new Uint8Array(8);
 * new DataView(big.buffer).setBigInt64(0, 2n ** 40n, true);
 * storedValueProblem(big, 'I64'); // => "holds 1099511627776 at index 0, outside int32's range [-2147483648, 2147483647]"
 */
export function storedValueProblem(bytes: Uint8Array, stored: StoredDType): string | undefined {
  if (stored === 'BOOL') {
    return bytes.some((b) => b > 1) ? 'holds bytes other than 0 and 1' : undefined;
  }
  if (stored !== 'I64') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.length / 8; i++) {
    // An int64 fits in int32 when its high word is the sign extension of its low word.
    const low = view.getInt32(8 * i, true);
    const high = view.getInt32(8 * i + 4, true);
    if (high !== (low < 0 ? -1 : 0)) {
      const value = view.getBigInt64(8 * i, true);
      return `holds ${value} at index ${i}, outside int32's range [${INT32_MIN}, ${-INT32_MIN - 1}]`;
    }
  }
  return undefined;
}

/**
 * Reads `count` little-endian elements of dtype `stored` into a fresh array of its nabla dtype
 * (F16 and BF16 → Float32Array, I64 → Int32Array; check {@link storedValueProblem} first).
 * @example
 * readStored(new Uint8Array([0x00, 0x3c, 0x00, 0xc0]), 'F16', 2); // => [1, -2]
 */
export function readStored(bytes: Uint8Array, stored: StoredDType, count: number): TypedArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (stored) {
    case 'F32':
      return copied(new Float32Array(count), bytes, 4);
    case 'F64':
      return copied(new Float64Array(count), bytes, 8);
    case 'I32':
      return copied(new Int32Array(count), bytes, 4);
    case 'BOOL':
      return bytes.slice(0, count);
    case 'I64': {
      // The low word alone: the range check made the high word its sign extension.
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(8 * i, true);
      return out;
    }
    case 'F16':
    case 'BF16': {
      const out = new Float32Array(count);
      // Bit patterns, not values, so NaN payloads and −0 come through unchanged.
      const bits = new Uint32Array(out.buffer);
      const widen = stored === 'F16' ? halfToFloatBits : (h: number) => h << 16;
      for (let i = 0; i < count; i++) bits[i] = widen(view.getUint16(2 * i, true));
      return out;
    }
  }
}

/**
 * The float32 bit pattern of the IEEE half-precision number with bits `h` (exact: every half is
 * a float32).
 * @example
 * // 1.0 as a half is 0x3c00, as a float32 0x3f800000.
 * halfToFloatBits(0x3c00).toString(16); // => '3f800000'
 */
export function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  let mantissa = h & 0x3ff;
  // Float32's exponent bias is 127, half's 15: a normal half's exponent moves up by 112.
  if (exponent === 0x1f) return sign | 0x7f800000 | (mantissa << 13); // ±infinity, NaN
  if (exponent !== 0) return sign | ((exponent + 112) << 23) | (mantissa << 13);
  if (mantissa === 0) return sign; // ±0
  // A subnormal half, mantissa · 2^−24, is a normal float32: shift the leading 1 up to bit 10.
  let biased = 113;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    biased--;
  }
  return sign | (biased << 23) | ((mantissa & 0x3ff) << 13);
}
