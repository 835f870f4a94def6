import type { Kernels } from '../types.js';

/**
 * Softmax along the middle axis of `[outer, size, inner]`, in float64 sums: see {@link Kernels.softmax}.
 * @example
 * const out = new Float64Array(2);
 * softmax(Float64Array.of(0, Math.log(3)), 1, 2, 1, out); // out = [0.25, 0.75]
 */
export const softmax: Kernels['softmax'] = (x, outer, size, inner, out) => {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * size * inner + j;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < size; c++) max = Math.max(max, x[base + c * inner]!);
      let sum = 0;
      for (let c = 0; c < size; c++) {
        const e = Math.exp(x[base + c * inner]! - max);
        out[base + c * inner] = e;
        sum += e;
      }
      for (let c = 0; c < size; c++) out[base + c * inner] = out[base + c * inner]! / sum;
    }
  }
};

/**
 * The adjoint of {@link softmax}: see {@link Kernels.softmaxBackward}.
 * @example
 * const dx = new Float64Array(2);
 * softmaxBackward(Float64Array.of(0.25, 0.75), Float64Array.of(1, 0), 1, 2, 1, dx); // dx = [0.1875, −0.1875]
 */
export const softmaxBackward: Kernels['softmaxBackward'] = (y, dy, outer, size, inner, dx) => {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * size * inner + j;
      let dot = 0;
      for (let c = 0; c < size; c++) dot += dy[base + c * inner]! * y[base + c * inner]!;
      for (let c = 0; c < size; c++) {
        const i = base + c * inner;
        dx[i] = y[i]! * (dy[i]! - dot);
      }
    }
  }
};
