import type { OptionalKernels } from '../types.js';
import type { NativeAddon } from './addon.js';
import { isF32 } from './float32.js';

/**
 * The fused LSTM cell kernels of the native backend: float32 arrays go to the addon (its
 * vectorized sigmoid/tanh), anything else (float64 for gradcheck) to the reference kernels.
 * @example
 * import { fallbackKernels } from '../fallback/index.js';
 * import { loadAddon } from './addon.js';
 * const { addon } = loadAddon();
 * if (addon) {
 *   const { lstmCellForward } = lstmKernels(addon, fallbackKernels(referenceKernels));
 *   const [out, saved] = [new Float32Array(2), new Float32Array(5)];
 *   lstmCellForward(new Float32Array(4), new Float32Array([1]), 1, 1, out, saved);
 *   out; // => [0.5 * Math.tanh(0.5), 0.5]
 * }
 */
export function lstmKernels(
  addon: NativeAddon,
  fallback: OptionalKernels,
): Pick<OptionalKernels, 'lstmCellForward' | 'lstmCellBackward'> {
  return {
    lstmCellForward(gates, c, batch, hidden, out, saved): void {
      if (isF32(gates) && isF32(c) && isF32(out) && isF32(saved)) {
        addon.lstmCellForward(gates, c, batch, hidden, out, saved);
      } else {
        fallback.lstmCellForward(gates, c, batch, hidden, out, saved);
      }
    },
    lstmCellBackward(dOut, c, saved, batch, hidden, dGates, dC): void {
      if (isF32(dOut) && isF32(c) && isF32(saved) && isF32(dGates) && isF32(dC)) {
        addon.lstmCellBackward(dOut, c, saved, batch, hidden, dGates, dC);
      } else {
        fallback.lstmCellBackward(dOut, c, saved, batch, hidden, dGates, dC);
      }
    },
  };
}
