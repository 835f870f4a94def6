import type { OptionalKernels, TypedArray } from '../types.js';
import type { NativeAddon } from './addon.js';
import { isF32 } from './float32.js';

/** Whether every array is float32 (null entries, an absent weight or bias, pass). */
function allF32(...arrays: (TypedArray | null)[]): boolean {
  return arrays.every((a) => a === null || isF32(a));
}

/**
 * The native normalization kernels (layer norm; batch norm's statistics, per-channel affine map
 * and backward): float32 goes to the addon (split over the thread pool), other dtypes to the
 * fallback kernels.
 * @example
 * import { fallbackKernels } from '../fallback/index.js';
 * import { loadAddon } from './addon.js';
 * const { addon } = loadAddon();
 * if (addon) {
 *   const [out, mean, rstd] = [new Float32Array(2), new Float32Array(1), new Float32Array(1)];
 *   normKernels(addon, fallbackKernels(referenceKernels)).layerNorm(new Float32Array([1, 3]), 1, 2, null, null, 0, out, mean, rstd);
 *   out; // => [-1, 1]
 * }
 */
export function normKernels(
  addon: NativeAddon,
  fallback: OptionalKernels,
): Pick<
  OptionalKernels,
  'layerNorm' | 'layerNormBackward' | 'batchNormStats' | 'channelAffine' | 'batchNormBackward'
> {
  return {
    batchNormStats(x, batch, channels, plane, mean, variance): void {
      if (allF32(x, mean, variance)) {
        addon.batchNormStats(
          x as Float32Array,
          batch,
          channels,
          plane,
          mean as Float32Array,
          variance as Float32Array,
        );
      } else {
        fallback.batchNormStats(x, batch, channels, plane, mean, variance);
      }
    },
    channelAffine(x, batch, channels, plane, scale, shift, residual, lo, hi, out): void {
      if (allF32(x, scale, shift, out, residual ?? null)) {
        addon.channelAffine(
          x as Float32Array,
          batch,
          channels,
          plane,
          scale as Float32Array,
          shift as Float32Array,
          (residual ?? null) as Float32Array | null,
          lo,
          hi,
          out as Float32Array,
        );
      } else {
        fallback.channelAffine(x, batch, channels, plane, scale, shift, residual, lo, hi, out);
      }
    },
    batchNormBackward(x, dy, mean, rstd, weight, gate, batch, channels, plane, dx, dWeight, dBias): void {
      if (allF32(x, dy, mean, rstd, weight, dx, dWeight, dBias, gate?.y ?? null, gate?.gated ?? null)) {
        addon.batchNormBackward(
          x as Float32Array,
          dy as Float32Array,
          mean as Float32Array,
          rstd as Float32Array,
          weight as Float32Array | null,
          (gate?.y ?? null) as Float32Array | null,
          gate?.lo ?? Number.NEGATIVE_INFINITY,
          gate?.hi ?? Number.POSITIVE_INFINITY,
          batch,
          channels,
          plane,
          dx as Float32Array,
          (gate?.gated ?? null) as Float32Array | null,
          dWeight as Float32Array | null,
          dBias as Float32Array | null,
        );
      } else {
        fallback.batchNormBackward(
          x,
          dy,
          mean,
          rstd,
          weight,
          gate,
          batch,
          channels,
          plane,
          dx,
          dWeight,
          dBias,
        );
      }
    },
    layerNorm(x, rows, size, weight, bias, eps, out, mean, rstd): void {
      if (allF32(x, weight, bias, out, mean, rstd)) {
        addon.layerNorm(
          x as Float32Array,
          rows,
          size,
          weight as Float32Array | null,
          bias as Float32Array | null,
          eps,
          out as Float32Array,
          mean as Float32Array,
          rstd as Float32Array,
        );
      } else {
        fallback.layerNorm(x, rows, size, weight, bias, eps, out, mean, rstd);
      }
    },
    layerNormBackward(x, dy, mean, rstd, weight, rows, size, dx, dWeight, dBias): void {
      if (allF32(x, dy, mean, rstd, weight, dx, dWeight, dBias)) {
        addon.layerNormBackward(
          x as Float32Array,
          dy as Float32Array,
          mean as Float32Array,
          rstd as Float32Array,
          weight as Float32Array | null,
          rows,
          size,
          dx as Float32Array,
          dWeight as Float32Array | null,
          dBias as Float32Array | null,
        );
      } else {
        fallback.layerNormBackward(x, dy, mean, rstd, weight, rows, size, dx, dWeight, dBias);
      }
    },
  };
}
