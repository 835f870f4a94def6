import type { OptionalKernels } from '../types.js';
import type { NativeAddon } from './addon.js';
import { isF32 } from './float32.js';

/**
 * The fused softmax cross-entropy kernels of the native backend: float32 logits go to the addon
 * (vectorized exp, rows split over the thread pool), anything else to the fallback kernels.
 * @example
 * import { fallbackKernels } from '../fallback/index.js';
 * import { loadAddon } from './addon.js';
 * const { addon } = loadAddon();
 * if (addon) {
 *   const { softmaxCrossEntropy } = crossEntropyKernels(addon, fallbackKernels(referenceKernels));
 *   const [losses, lse] = [new Float32Array(1), new Float32Array(1)];
 *   softmaxCrossEntropy(new Float32Array([0, 0]), new Int32Array([0]), 1, 2, -100, losses, lse);
 *   losses; // => [Math.LN2]
 * }
 */
export function crossEntropyKernels(
  addon: NativeAddon,
  fallback: OptionalKernels,
): Pick<OptionalKernels, 'softmaxCrossEntropy' | 'softmaxCrossEntropyBackward'> {
  return {
    softmaxCrossEntropy(logits, targets, rows, classes, ignoreIndex, losses, lse): void {
      if (isF32(logits) && isF32(losses) && isF32(lse)) {
        addon.softmaxCrossEntropy(logits, targets, rows, classes, ignoreIndex, losses, lse);
      } else {
        fallback.softmaxCrossEntropy(logits, targets, rows, classes, ignoreIndex, losses, lse);
      }
    },
    softmaxCrossEntropyBackward(logits, targets, lse, dLosses, rows, classes, ignoreIndex, dLogits): void {
      if (isF32(logits) && isF32(lse) && isF32(dLosses) && isF32(dLogits)) {
        addon.softmaxCrossEntropyBackward(logits, targets, lse, dLosses, rows, classes, ignoreIndex, dLogits);
      } else {
        fallback.softmaxCrossEntropyBackward(
          logits,
          targets,
          lse,
          dLosses,
          rows,
          classes,
          ignoreIndex,
          dLogits,
        );
      }
    },
  };
}
