import type { Kernels } from '../types.js';

/**
 * max(x, min) then min(·, max) per element, as the maximum and minimum kernels: see
 * {@link Kernels.clamp}. The bounds are rounded to the output's type first, as a scalar operand
 * of those kernels would be.
 * @example
 * const out = new Float32Array(3);
 * clamp(Float32Array.of(-3, 0.5, 9), 0, 6, out); // out = [0, 0.5, 6]
 */
export const clamp: Kernels['clamp'] = (x, min, max, out) => {
  const lo = out instanceof Float32Array ? Math.fround(min) : min;
  const hi = out instanceof Float32Array ? Math.fround(max) : max;
  for (let i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i]!, lo), hi);
};
