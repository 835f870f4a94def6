import type { OptionalKernels, PackedMatrix } from '../types.js';
import type { NativeAddon } from './addon.js';

/**
 * Products against one prepared right operand: float32 B is packed once into the panels of the
 * active sgemm kernel (which it would otherwise pack on every call: ~75 µs of a 275 µs
 * [32, 256]·[256, 1024]), anything else stays with the reference. A packing made for another
 * kernel (the ISA switched since) falls back to the plain product on the source.
 * @example
 * const { packMatmulB, matmulPacked } = packedMatmulKernels(addon, fallback);
 * const w = packMatmulB(weightHh, 256, 1024, true);
 * for (const t of steps) matmulPacked(h[t], w, gates[t], 32, true);
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
          addon.matmul(a, source as Float32Array, out, 1, m, n, k, false, transB, 0, 0, accumulate);
        }
      } else {
        fallback.matmulPacked(a, packed, out, m, accumulate);
      }
    },
  };
}
