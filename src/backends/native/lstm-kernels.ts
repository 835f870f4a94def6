import { referenceKernels } from '../reference/index.js';
import type { Kernels, TypedArray } from '../types.js';
import type { NativeAddon } from './addon.js';

const f32 = (...xs: TypedArray[]): boolean => xs.every((x) => x instanceof Float32Array);

/**
 * The fused LSTM cell kernels of the native backend: float32 arrays go to the addon (its
 * vectorized sigmoid/tanh), anything else (float64 for gradcheck) to the reference kernels.
 * @example
 * const { lstmCellForward } = lstmKernels(addon);
 * lstmCellForward(gates, c, batch, hidden, out, saved);
 */
export function lstmKernels(addon: NativeAddon): Pick<Kernels, 'lstmCellForward' | 'lstmCellBackward'> {
  return {
    lstmCellForward(gates, c, batch, hidden, out, saved): void {
      if (f32(gates, c, out, saved)) {
        addon.lstmCellForward(
          gates as Float32Array,
          c as Float32Array,
          batch,
          hidden,
          out as Float32Array,
          saved as Float32Array,
        );
      } else {
        referenceKernels.lstmCellForward(gates, c, batch, hidden, out, saved);
      }
    },
    lstmCellBackward(dOut, c, saved, batch, hidden, dGates, dC): void {
      if (f32(dOut, c, saved, dGates, dC)) {
        addon.lstmCellBackward(
          dOut as Float32Array,
          c as Float32Array,
          saved as Float32Array,
          batch,
          hidden,
          dGates as Float32Array,
          dC as Float32Array,
        );
      } else {
        referenceKernels.lstmCellBackward(dOut, c, saved, batch, hidden, dGates, dC);
      }
    },
  };
}
