import type { Kernels } from '../types.js';

/**
 * Layer normalization per row, with float64 sums: see {@link Kernels.layerNorm}.
 * @example
 * const [out, mean, rstd] = [new Float64Array(2), new Float64Array(1), new Float64Array(1)];
 * layerNorm(Float64Array.of(1, 3), 1, 2, null, null, 0, out, mean, rstd); // out = [−1, 1], mean = [2], rstd = [1]
 */
export const layerNorm: Kernels['layerNorm'] = (x, rows, size, weight, bias, eps, out, mean, rstd) => {
  for (let r = 0; r < rows; r++) {
    const base = r * size;
    let m = 0;
    for (let j = 0; j < size; j++) m += x[base + j]!;
    m /= size;
    let v = 0;
    for (let j = 0; j < size; j++) v += (x[base + j]! - m) ** 2;
    const s = 1 / Math.sqrt(v / size + eps);
    mean[r] = m;
    rstd[r] = s;
    for (let j = 0; j < size; j++) {
      const y = (x[base + j]! - m) * s;
      out[base + j] = y * (weight ? weight[j]! : 1) + (bias ? bias[j]! : 0);
    }
  }
};

/**
 * The adjoint of {@link layerNorm}: see {@link Kernels.layerNormBackward}.
 * @example
 * const dx = new Float64Array(2);
 * layerNormBackward(Float64Array.of(1, 3), Float64Array.of(1, 0), Float64Array.of(2), Float64Array.of(1), null, 1, 2, dx, null, null);
 * // dx = [0, 0]: shifting one input moves the mean with it
 */
export const layerNormBackward: Kernels['layerNormBackward'] = (
  x,
  dy,
  mean,
  rstd,
  weight,
  rows,
  size,
  dx,
  dWeight,
  dBias,
) => {
  dWeight?.fill(0);
  dBias?.fill(0);
  for (let r = 0; r < rows; r++) {
    const base = r * size;
    const m = mean[r]!;
    const s = rstd[r]!;
    let sumG = 0;
    let sumGx = 0;
    for (let j = 0; j < size; j++) {
      const xhat = (x[base + j]! - m) * s;
      const g = dy[base + j]! * (weight ? weight[j]! : 1);
      sumG += g;
      sumGx += g * xhat;
      if (dWeight) dWeight[j] = dWeight[j]! + dy[base + j]! * xhat;
      if (dBias) dBias[j] = dBias[j]! + dy[base + j]!;
    }
    const meanG = sumG / size;
    const meanGx = sumGx / size;
    for (let j = 0; j < size; j++) {
      const xhat = (x[base + j]! - m) * s;
      const g = dy[base + j]! * (weight ? weight[j]! : 1);
      dx[base + j] = s * (g - meanG - xhat * meanGx);
    }
  }
};
