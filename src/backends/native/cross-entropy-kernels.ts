import type { OptionalKernels } from '../types.js';
import type { NativeAddon } from './addon.js';
import { isF32 } from './float32.js';

/**
 * The fused softmax cross-entropy kernels of the native backend: float32 logits go to the addon
 * (vectorized exp, rows split over the thread pool), anything else to the fallback kernels.
 * @example
 * const { softmaxCrossEntropy } = crossEntropyKernels(addon, fallback);
 * softmaxCrossEntropy(logits, targets, rows, classes, -100, losses, lse);
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
