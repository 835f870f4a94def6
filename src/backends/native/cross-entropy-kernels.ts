import { referenceKernels } from '../reference/index.js';
import type { Kernels, TypedArray } from '../types.js';
import type { NativeAddon } from './addon.js';

const f32 = (...xs: TypedArray[]): boolean => xs.every((x) => x instanceof Float32Array);

/**
 * The fused softmax cross-entropy kernels of the native backend: float32 logits go to the addon
 * (vectorized exp, rows split over the thread pool), anything else to the reference kernels.
 * @example
 * const { softmaxCrossEntropy } = crossEntropyKernels(addon);
 * softmaxCrossEntropy(logits, targets, rows, classes, -100, losses, lse);
 */
export function crossEntropyKernels(
  addon: NativeAddon,
): Pick<Kernels, 'softmaxCrossEntropy' | 'softmaxCrossEntropyBackward'> {
  return {
    softmaxCrossEntropy(logits, targets, rows, classes, ignoreIndex, losses, lse): void {
      if (f32(logits, losses, lse)) {
        const [x, l, s] = [logits, losses, lse] as Float32Array[];
        addon.softmaxCrossEntropy(x!, targets, rows, classes, ignoreIndex, l!, s!);
      } else {
        referenceKernels.softmaxCrossEntropy(logits, targets, rows, classes, ignoreIndex, losses, lse);
      }
    },
    softmaxCrossEntropyBackward(logits, targets, lse, dLosses, rows, classes, ignoreIndex, dLogits): void {
      if (f32(logits, lse, dLosses, dLogits)) {
        const [x, s, dl, d] = [logits, lse, dLosses, dLogits] as Float32Array[];
        addon.softmaxCrossEntropyBackward(x!, targets, s!, dl!, rows, classes, ignoreIndex, d!);
      } else {
        referenceKernels.softmaxCrossEntropyBackward(
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
