import type { OptionalKernels, PackedMatrix } from '../types.js';
import type { NativeAddon } from './addon.js';

/**
 * Products against one prepared right operand: float32 B is packed once into the panels of the
 * active sgemm kernel (which it would otherwise pack on every call: ~75 µs of a 275 µs
 * [32, 256]·[256, 1024]), anything else stays with the reference. A packing made for another
 * kernel (the ISA switched since) falls back to the plain product on the source.
 * @example
 * import { fallbackKernels } from '../fallback/index.js';
 * import { loadAddon } from './addon.js';
 * const { addon } = loadAddon();
 * if (addon) {
 *   const { packMatmulB, matmulPacked } = packedMatmulKernels(addon, fallbackKernels(referenceKernels));
 *   const weightHh = new Float32Array(16 * 4); // [4·hidden, hidden], hidden = 4
 *   const w = packMatmulB(weightHh, 4, 16, true); // packed once
 *   const gates = new Float32Array(2 * 16); // [batch, 4·hidden], batch = 2
 *   for (let t = 0; t < 3; t++) matmulPacked(new Float32Array(2 * 4), w, gates, 2, true); // reused every step
 * }
 */
export function packedMatmulKernels(
  addon: NativeAddon,
  fallback: OptionalKernels,
): Pick<OptionalKernels, 'packMatmulB' | 'matmulPacked'> {
  return {
    packMatmulB(b, k, n, transB): PackedMatrix {
      if (!(b instanceof Float32Array)) return fallback.packMatmulB(b, k, n, transB);
      const data = new Float32Array(addon.gemmPackedSize(k, n));
      addon.gemmPackB(b, k, n, transB, data);
      return { k, n, transB, source: b, data, layout: addon.isa() };
    },
    matmulPacked(a, packed, out, m, accumulate): void {
      const { k, n, transB, source, data, layout } = packed;
      if (a instanceof Float32Array && out instanceof Float32Array && data instanceof Float32Array) {
        if (layout === addon.isa()) {
          addon.matmulPacked(a, data, out, m, n, k, accumulate);
        } else {
          addon.matmul(a, source as Float32Array, out, 1, m, n, k, false, transB, 0, 0, accumulate, null);
        }
      } else {
        fallback.matmulPacked(a, packed, out, m, accumulate);
      }
    },
  };
}
