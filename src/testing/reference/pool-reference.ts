import type { Plain } from '../check-op.js';
import { multiIndices, offsetOf } from './conv-reference.js';

// A plain float64 reference for the pooling specs: every window read element by element.

export interface PoolReferenceOptions {
  kernel: number[];
  stride: number[];
  padding: number[];
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

/** PyTorch's pooled length: ⌊(n + 2p − k)/s⌋ + 1, or ⌈⌉ dropping a window that starts in the right padding. */
export function pooledLength(n: number, k: number, s: number, p: number, ceilMode: boolean): number {
  if (!ceilMode) return Math.floor((n + 2 * p - k) / s) + 1;
  const out = Math.ceil((n + 2 * p - k) / s) + 1;
  return (out - 1) * s >= n + p ? out - 1 : out;
}

/**
 * Max or mean of every window of `x` [N, C, ...spatial].
 * @example
 * poolReference('max', { kernel: [2], stride: [2], padding: [0] })({ shape: [1, 1, 2], data: [1, 3] }).data; // => [3]
 */
export function poolReference(kind: 'max' | 'avg', o: PoolReferenceOptions) {
  return (x: Plain): Plain => {
    const spatial = x.shape.slice(2);
    const outSize = spatial.map((n, d) =>
      pooledLength(n, o.kernel[d]!, o.stride[d]!, o.padding[d]!, !!o.ceilMode),
    );
    const shape = [x.shape[0]!, x.shape[1]!, ...outSize];
    const data = multiIndices(shape).map(([b, c, ...pos]) => {
      const start = pos.map((q, d) => q * o.stride[d]! - o.padding[d]!);
      let best = Number.NEGATIVE_INFINITY;
      let total = 0;
      let count = 0;
      for (const k of multiIndices(o.kernel)) {
        const at = start.map((s, d) => s + k[d]!);
        if (at.some((a, d) => a < 0 || a >= spatial[d]!)) continue;
        const v = x.data[offsetOf(x.shape, [b!, c!, ...at])]!;
        best = Math.max(best, v);
        total += v;
        count += 1;
      }
      if (kind === 'max') return best;
      // The padded divisor: the window clipped to the input plus its padding on both sides.
      const padded = start.reduce(
        (acc, s, d) => acc * (Math.min(s + o.kernel[d]!, spatial[d]! + o.padding[d]!) - s),
        1,
      );
      return count === 0 ? 0 : total / ((o.countIncludePad ?? true) ? padded : count);
    });
    return { shape, data };
  };
}
