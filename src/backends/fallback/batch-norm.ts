import type { Kernels } from '../types.js';

/**
 * Per-channel mean and biased variance, with float64 sums: see {@link Kernels.batchNormStats}.
 * @example
 * const [mean, variance] = [new Float64Array(1), new Float64Array(1)];
 * batchNormStats(Float64Array.of(1, 3), 2, 1, 1, mean, variance); // mean = [2], variance = [1]
 */
export const batchNormStats: Kernels['batchNormStats'] = (x, batch, channels, plane, mean, variance) => {
  const count = batch * plane;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let b = 0; b < batch; b++) {
      const base = (b * channels + c) * plane;
      for (let i = 0; i < plane; i++) sum += x[base + i]!;
    }
    const m = sum / count;
    let squares = 0;
    for (let b = 0; b < batch; b++) {
      const base = (b * channels + c) * plane;
      for (let i = 0; i < plane; i++) squares += (x[base + i]! - m) ** 2;
    }
    mean[c] = m;
    variance[c] = squares / count;
  }
};

/**
 * x·scale[c] + shift[c] per channel: see {@link Kernels.channelAffine}.
 * @example
 * const out = new Float64Array(2);
 * channelAffine(Float64Array.of(1, 3), 1, 2, 1, Float64Array.of(2, 3), Float64Array.of(1, 0), out); // out = [3, 9]
 */
export const channelAffine: Kernels['channelAffine'] = (x, batch, channels, plane, scale, shift, out) => {
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < channels; c++) {
      const base = (b * channels + c) * plane;
      const s = scale[c]!;
      const t = shift[c]!;
      for (let i = 0; i < plane; i++) out[base + i] = x[base + i]! * s + t;
    }
  }
};

/**
 * The adjoint of training-mode batch norm: see {@link Kernels.batchNormBackward}.
 * @example
 * const dx = new Float64Array(2);
 * batchNormBackward(Float64Array.of(1, 3), Float64Array.of(1, 1), Float64Array.of(2), Float64Array.of(1), null, 2, 1, 1, dx, null, null);
 * // dx = [0, 0]: a gradient that shifts every input moves the mean with them
 */
export const batchNormBackward: Kernels['batchNormBackward'] = (
  x,
  dy,
  mean,
  rstd,
  weight,
  batch,
  channels,
  plane,
  dx,
  dWeight,
  dBias,
) => {
  const count = batch * plane;
  for (let c = 0; c < channels; c++) {
    const m = mean[c]!;
    const s = rstd[c]!;
    const w = weight ? weight[c]! : 1;
    let sumDy = 0;
    let sumDyX = 0;
    for (let b = 0; b < batch; b++) {
      const base = (b * channels + c) * plane;
      for (let i = 0; i < plane; i++) {
        sumDy += dy[base + i]!;
        sumDyX += dy[base + i]! * (x[base + i]! - m) * s;
      }
    }
    if (dWeight) dWeight[c] = sumDyX;
    if (dBias) dBias[c] = sumDy;
    // g = dy·w, so mean(g) = w·Σdy/count and mean(g·x̂) = w·Σdy·x̂/count.
    const meanG = (w * sumDy) / count;
    const meanGx = (w * sumDyX) / count;
    for (let b = 0; b < batch; b++) {
      const base = (b * channels + c) * plane;
      for (let i = 0; i < plane; i++) {
        const xhat = (x[base + i]! - m) * s;
        dx[base + i] = s * (dy[base + i]! * w - meanG - xhat * meanGx);
      }
    }
  }
};
