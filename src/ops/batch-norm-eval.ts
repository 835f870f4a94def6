import { isGradEnabled } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { allocateUninitialized, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BatchNormOpOptions } from './batch-norm.js';
import { defineOp } from './core/define-op.js';
import { denseData, fromData } from './core/run-kernel.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';

/**
 * Eval mode's per-channel map of {@link batchNorm}, `[scale, shift]` with y = x·scale[c] +
 * shift[c], as batchNorm computes it; null where batchNorm does not compute it on the host (a
 * gradient flows into the statistics, γ or β, or one of them is not in `dtype`). A convolution
 * before it can apply the map to its outputs (conv2dAffine).
 * @example
 * const [scale, shift] = batchNormEvalMap('float32', { runningMean: zeros([2]), runningVar: ones([2]), eps: 0 })!;
 * [...scale.data()]; // => [1, 1]
 */
export function batchNormEvalMap(
  dtype: DType,
  options: Pick<BatchNormOpOptions, 'runningMean' | 'runningVar' | 'weight' | 'bias' | 'eps'>,
): [Tensor, Tensor] | null {
  const { runningMean, runningVar, weight, bias, eps = 1e-5 } = options;
  if (!runningMean || !runningVar) return null;
  const given = [runningMean, runningVar, weight, bias].filter((t): t is Tensor => t != null);
  if (given.some((t) => t.dtype !== dtype) || (isGradEnabled() && given.some((t) => t.requiresGrad)))
    return null;
  return hostAffine(runningMean, runningVar, weight, bias, eps);
}

/**
 * Eval mode's scale = weight/√(runningVar + eps) and shift = bias − runningMean·scale, computed on
 * the host when no gradient flows into them: as five small ops they cost ~45 µs a layer, 5% of a
 * MobileNetV2 forward pass. Each step rounds to the dtype, as the add, rsqrt, mul and sub kernels
 * do.
 */
function hostAffine(
  mean: Tensor,
  variance: Tensor,
  weight: Tensor | null | undefined,
  bias: Tensor | null | undefined,
  eps: number,
): [Tensor, Tensor] {
  // Math.fround called directly: through a variable chosen by dtype V8 ran this loop 6× slower.
  const f32 = mean.dtype === 'float32';
  const m = denseData(mean);
  const v = denseData(variance);
  const w = weight ? denseData(weight) : null;
  const b = bias ? denseData(bias) : null;
  const n = m.length;
  const scale = allocateUninitialized(mean.dtype, n);
  const shift = allocateUninitialized(mean.dtype, n);
  const e = f32 ? Math.fround(eps) : eps;
  for (let c = 0; c < n; c++) {
    const rstd = f32
      ? Math.fround(1 / Math.fround(Math.sqrt(Math.fround(v[c]! + e))))
      : 1 / Math.sqrt(v[c]! + e);
    const s = w === null ? rstd : f32 ? Math.fround(w[c]! * rstd) : w[c]! * rstd;
    const shifted = f32 ? Math.fround(m[c]! * s) : m[c]! * s;
    scale[c] = s;
    shift[c] = b === null ? -shifted : b[c]! - shifted; // stored: rounded once to the dtype
  }
  return [fromData(scale, [n], mean.dtype), fromData(shift, [n], mean.dtype)];
}

/**
 * x·scale[c] + shift[c] along axis 1 of [N, C, ...] in one kernel pass (Kernels.channelAffine)
 * instead of a product and a sum: batch norm in eval. Its backward is written with ops.
 */
export const affineChannels: (x: Tensor, scale: Tensor, shift: Tensor) => Tensor = defineOp({
  name: 'batchNorm',
  forward: (x: Tensor, scale: Tensor, shift: Tensor): Tensor => {
    const [batch, channels] = x.shape as [number, number];
    const plane = x.shape.slice(2).reduce((n, s) => n * s, 1);
    const out = allocateUninitialized(x.dtype, x.size);
    kernels().channelAffine(
      denseData(x),
      batch,
      channels,
      plane,
      denseData(scale),
      denseData(shift),
      undefined,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      out,
    );
    return fromData(out, x.shape, x.dtype);
  },
  backward: (dy, { args: [x, scale], needsInputGrad }) => {
    const perChannel = [x.shape[1]!, ...new Array<number>(x.ndim - 2).fill(1)];
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    return [
      mul(dy, reshape(scale, perChannel)),
      needsInputGrad[1] ? sum(mul(dy, x), axes) : null,
      needsInputGrad[2] ? sum(dy, axes) : null,
    ];
  },
});
