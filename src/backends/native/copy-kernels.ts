import type { CoreKernels, View } from '../types.js';
import type { NativeAddon } from './addon.js';
import { isF32 } from './float32.js';
import { int32Arg } from './int32-args.js';

/**
 * The dimensions of `shape` with size-1 ones dropped and neighbours merged where both views step
 * through them as one (stride[d − 1] = stride[d]·shape[d] in each): a permuted or sliced tensor's
 * copy becomes a loop of the smallest rank. A scalar becomes one dimension of size 1.
 * @example
 * coalesce([2, 3, 4], [12, 4, 1], [1, 2, 6]); // => [[2, 3, 4], [12, 4, 1], [1, 2, 6]]
 * coalesce([2, 1, 3], [3, 3, 1], [3, 7, 1]); // => [[6], [1], [1]]
 */
export function coalesce(
  shape: readonly number[],
  a: readonly number[],
  b: readonly number[],
): [number[], number[], number[]] {
  const s: number[] = [];
  const sa: number[] = [];
  const sb: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = s.length - 1;
    if (last >= 0 && sa[last] === a[d]! * n && sb[last] === b[d]! * n) {
      s[last] = s[last]! * n;
      sa[last] = a[d]!;
      sb[last] = b[d]!;
    } else {
      s.push(n);
      sa.push(a[d]!);
      sb.push(b[d]!);
    }
  }
  return s.length === 0 ? [[1], [0], [0]] : [s, sa, sb];
}

const fitsInt32 = (values: number[]): boolean => values.every((v) => (v | 0) === v);

// Below this many elements the JavaScript loop beats the addon call.
const MIN_NATIVE_ELEMENTS = 256;

/**
 * The strides of a dense row-major array of `shape`.
 * @example
 * denseStrides([2, 3, 4]); // => [12, 4, 1]
 */
export function denseStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1, step = 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d]!;
  }
  return strides;
}

/**
 * copy and assign of the native backend: float32 views that stay strided after
 * {@link coalesce} go to the addon's strided copy (threaded, an odometer over the outer
 * dimensions); dense ones, other dtypes, small ones and a view written over its own array stay
 * with the reference kernels (a dense copy there is one TypedArray.set).
 * @example
 * import { loadAddon } from './addon.js';
 * const { addon } = loadAddon();
 * if (addon) {
 *   const out = new Float32Array(512);
 *   const src = { data: Float32Array.from({ length: 512 }, (_, i) => i), offset: 0, strides: [1, 2] };
 *   copyKernels(addon, referenceKernels).copy(src, [2, 256], out); // the transpose of a [256, 2]
 *   out[1]; // => 2
 * }
 */
export function copyKernels(
  addon: NativeAddon,
  reference: CoreKernels,
): Pick<CoreKernels, 'copy' | 'assign'> {
  /** Copies through the addon when worth it; false when the reference kernel should. */
  function strided(dst: View, src: View, shape: readonly number[]): boolean {
    if (!isF32(src.data) || !isF32(dst.data) || src.data === dst.data) return false;
    const [s, ss, ds] = coalesce(shape, src.strides, dst.strides);
    const n = s.reduce((p, v) => p * v, 1);
    if (n < MIN_NATIVE_ELEMENTS || (s.length === 1 && ss[0] === 1 && ds[0] === 1)) return false;
    if (!fitsInt32(s) || !fitsInt32(ss) || !fitsInt32(ds)) return false;
    addon.stridedCopy(
      src.data,
      src.offset,
      int32Arg(0, ss),
      dst.data,
      dst.offset,
      int32Arg(1, ds),
      int32Arg(2, s),
    );
    return true;
  }
  return {
    copy(src: View, shape: readonly number[], out): void {
      if (!strided({ data: out, offset: 0, strides: denseStrides(shape) }, src, shape))
        reference.copy(src, shape, out);
    },
    assign(dst: View, src: View, shape: readonly number[]): void {
      if (!strided(dst, src, shape)) reference.assign(dst, src, shape);
    },
  };
}
