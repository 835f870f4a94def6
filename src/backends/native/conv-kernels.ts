import type { ConvShape, OptionalKernels } from '../types.js';
import type { NativeAddon } from './addon.js';
import { isF32 } from './float32.js';
import { windowArray } from './window-array.js';

/**
 * The whole-batch convolution kernels of the native backend: float32 goes to the addon (one call
 * per primitive, the batch split over the thread pool), anything else to the fallback kernels.
 * @example
 * import { fallbackKernels } from '../fallback/index.js';
 * import { loadAddon } from './addon.js';
 * const { addon } = loadAddon();
 * if (addon) {
 *   const { convForward } = convKernels(addon, fallbackKernels(referenceKernels));
 *   const window = { inSize: [3], kernelSize: [2], outSize: [2], stride: [1], padding: [0], dilation: [1] };
 *   const y = new Float32Array(2);
 *   const shape = { batch: 1, inChannels: 1, outChannels: 1, groups: 1, window };
 *   convForward(new Float32Array([1, 2, 3]), new Float32Array([1, 1]), undefined, shape, y);
 *   y; // => [3, 5]
 * }
 */
export function convKernels(
  addon: NativeAddon,
  fallback: OptionalKernels,
): Pick<OptionalKernels, 'convForward' | 'convForwardAffine' | 'convInputGrad' | 'convWeightGrad'> {
  return {
    convForward(x, w, bias, s: ConvShape, y): void {
      if (isF32(x) && isF32(w) && isF32(y) && (bias === undefined || isF32(bias))) {
        const window = windowArray(s.window);
        addon.convForward(x, w, bias ?? null, s.batch, s.inChannels, s.outChannels, s.groups, window, y);
      } else fallback.convForward(x, w, bias, s, y);
    },
    convForwardAffine(x, w, s: ConvShape, scale, shift, residual, lo, hi, y): void {
      if (
        isF32(x) &&
        isF32(w) &&
        isF32(scale) &&
        isF32(shift) &&
        isF32(y) &&
        (!residual || isF32(residual))
      ) {
        const window = windowArray(s.window);
        const { batch, inChannels, outChannels, groups } = s;
        const r = residual ?? null;
        addon.convForwardAffine(
          x,
          w,
          batch,
          inChannels,
          outChannels,
          groups,
          window,
          scale,
          shift,
          r,
          lo,
          hi,
          y,
        );
      } else fallback.convForwardAffine(x, w, s, scale, shift, residual, lo, hi, y);
    },
    convInputGrad(dy, w, s: ConvShape, dx): void {
      if (isF32(dy) && isF32(w) && isF32(dx)) {
        const window = windowArray(s.window);
        addon.convInputGrad(dy, w, s.batch, s.inChannels, s.outChannels, s.groups, window, dx);
      } else fallback.convInputGrad(dy, w, s, dx);
    },
    convWeightGrad(x, dy, s: ConvShape, dw): void {
      if (isF32(x) && isF32(dy) && isF32(dw)) {
        const window = windowArray(s.window);
        addon.convWeightGrad(x, dy, s.batch, s.inChannels, s.outChannels, s.groups, window, dw);
      } else fallback.convWeightGrad(x, dy, s, dw);
    },
  };
}
