import type { OptionalKernels } from '../types.js';
import type { NativeAddon } from './addon.js';
import { isF32 } from './float32.js';

/**
 * The native softmax kernels: float32 along the last axis (`inner` 1), and float32 causal
 * attention weights, go to the addon (vectorized exp, rows split over the thread pool), anything
 * else to the fallback kernels.
 * @example
 * import { fallbackKernels } from '../fallback/index.js';
 * import { loadAddon } from './addon.js';
 * const { addon } = loadAddon();
 * if (addon) {
 *   const out = new Float32Array(2);
 *   softmaxKernels(addon, fallbackKernels(referenceKernels)).softmax(new Float32Array([0, 0]), 1, 2, 1, out);
 *   out; // => [0.5, 0.5]
 * }
 */
export function softmaxKernels(
  addon: NativeAddon,
  fallback: OptionalKernels,
): Pick<OptionalKernels, 'softmax' | 'softmaxBackward' | 'causalSoftmax' | 'causalSoftmaxBackward'> {
  return {
    softmax(x, outer, size, inner, out): void {
      if (inner === 1 && isF32(x) && isF32(out)) addon.softmax(x, outer, size, out);
      else fallback.softmax(x, outer, size, inner, out);
    },
    softmaxBackward(y, dy, outer, size, inner, dx): void {
      if (inner === 1 && isF32(y) && isF32(dy) && isF32(dx)) addon.softmaxBackward(y, dy, outer, size, dx);
      else fallback.softmaxBackward(y, dy, outer, size, inner, dx);
    },
    causalSoftmax(x, batch, queries, keys, scale, out): void {
      if (isF32(x) && isF32(out)) addon.causalSoftmax(x, batch, queries, keys, scale, out);
      else fallback.causalSoftmax(x, batch, queries, keys, scale, out);
    },
    causalSoftmaxBackward(y, dy, batch, queries, keys, scale, dx): void {
      if (isF32(y) && isF32(dy) && isF32(dx))
        addon.causalSoftmaxBackward(y, dy, batch, queries, keys, scale, dx);
      else fallback.causalSoftmaxBackward(y, dy, batch, queries, keys, scale, dx);
    },
  };
}
