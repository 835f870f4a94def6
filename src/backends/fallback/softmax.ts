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

/** How many keys row `i` of a causal `[queries, keys]` matrix sees: 0..i. */
function visibleKeys(i: number, keys: number): number {
  return Math.min(i + 1, keys);
}

/**
 * Softmax of `scale · x` over each row's visible keys, 0 after them, in float64 sums: see
 * {@link Kernels.causalSoftmax}.
 * @example
 * const out = new Float64Array(4);
 * causalSoftmax(Float64Array.of(5, 9, 0, Math.log(3)), 1, 2, 2, 1, out); // out = [1, 0, 0.25, 0.75]
 */
export const causalSoftmax: Kernels['causalSoftmax'] = (x, batch, queries, keys, scale, out) => {
  for (let r = 0; r < batch * queries; r++) {
    const base = r * keys;
    const visible = visibleKeys(r % queries, keys);
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < visible; c++) {
      out[base + c] = scale * x[base + c]!;
      max = Math.max(max, out[base + c]!);
    }
    let sum = 0;
    for (let c = 0; c < visible; c++) {
      const e = Math.exp(out[base + c]! - max);
      out[base + c] = e;
      sum += e;
    }
    for (let c = 0; c < visible; c++) out[base + c] = out[base + c]! / sum;
    for (let c = visible; c < keys; c++) out[base + c] = 0;
  }
};

/**
 * The adjoint of {@link causalSoftmax}: see {@link Kernels.causalSoftmaxBackward}.
 * @example
 * const dx = new Float64Array(4);
 * causalSoftmaxBackward(Float64Array.of(1, 0, 0.25, 0.75), Float64Array.of(1, 1, 1, 0), 1, 2, 2, 2, dx);
 * // dx = [0, 0, 0.375, −0.375]
 */
export const causalSoftmaxBackward: Kernels['causalSoftmaxBackward'] = (
  y,
  dy,
  batch,
  queries,
  keys,
  scale,
  dx,
) => {
  for (let r = 0; r < batch * queries; r++) {
    const base = r * keys;
    const visible = visibleKeys(r % queries, keys);
    let dot = 0;
    for (let c = 0; c < visible; c++) dot += dy[base + c]! * y[base + c]!;
    for (let c = 0; c < visible; c++) dx[base + c] = scale * (y[base + c]! * (dy[base + c]! - dot));
    for (let c = visible; c < keys; c++) dx[base + c] = 0;
  }
};
