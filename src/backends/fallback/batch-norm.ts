import type { BatchNormGate, Kernels } from '../types.js';
import { clamp } from './clamp.js';

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
 * clamp(x·scale[c] + shift[c] + residual, lo, hi) per channel: see {@link Kernels.channelAffine}.
 * @example
 * const out = new Float64Array(2);
 * channelAffine(Float64Array.of(1, 3), 1, 2, 1, Float64Array.of(2, 3), Float64Array.of(1, 0), undefined, -Infinity, 6, out); // out = [3, 6]
 */
export const channelAffine: Kernels['channelAffine'] = (
  x,
  batch,
  channels,
  plane,
  scale,
  shift,
  residual,
  lo,
  hi,
  out,
) => {
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < channels; c++) {
      const base = (b * channels + c) * plane;
      const s = scale[c]!;
      const t = shift[c]!;
      for (let i = 0; i < plane; i++) out[base + i] = x[base + i]! * s + t;
    }
  }
  if (residual) for (let i = 0; i < out.length; i++) out[i]! += residual[i]!;
  if (lo !== Number.NEGATIVE_INFINITY || hi !== Number.POSITIVE_INFINITY) clamp(out, lo, hi, out);
};

/** The clamp's backward at its output y, as relu's (hi +∞) or hardTanh's: NOTE(gated-batch-norm). */
function gated(dy: number, y: number, gate: BatchNormGate): number {
  if (gate.hi === Number.POSITIVE_INFINITY) return dy * (y > gate.lo ? 1 : Number.isNaN(y) ? y : 0);
  return y > gate.lo && y < gate.hi ? dy : 0;
}

/**
 * The adjoint of training-mode batch norm: see {@link Kernels.batchNormBackward}.
 * @example
 * const dx = new Float64Array(2);
 * batchNormBackward(Float64Array.of(1, 3), Float64Array.of(1, 1), Float64Array.of(2), Float64Array.of(1), null, null, 2, 1, 1, dx, null, null);
 * // dx = [0, 0]: a gradient that shifts every input moves the mean with them
 */
export const batchNormBackward: Kernels['batchNormBackward'] = (
  x,
  dy,
  mean,
  rstd,
  weight,
  gate,
  batch,
  channels,
  plane,
  dx,
  dWeight,
  dBias,
) => {
  const count = batch * plane;
  // The gradient entering the batch norm: dy, or dy gated by the clamp after it (into dx when
  // nothing else receives it: each dx element is read before it is written below).
  let d = dy;
  if (gate) {
    d = gate.gated ?? dx;
    for (let i = 0; i < dy.length; i++) d[i] = gated(dy[i]!, gate.y[i]!, gate);
  }
  for (let c = 0; c < channels; c++) {
    const m = mean[c]!;
    const s = rstd[c]!;
    const w = weight ? weight[c]! : 1;
    let sumDy = 0;
    let sumDyX = 0;
    for (let b = 0; b < batch; b++) {
      const base = (b * channels + c) * plane;
      for (let i = 0; i < plane; i++) {
        sumDy += d[base + i]!;
        sumDyX += d[base + i]! * (x[base + i]! - m) * s;
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
        dx[base + i] = s * (d[base + i]! * w - meanG - xhat * meanGx);
      }
    }
  }
};
