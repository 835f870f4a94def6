import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { ShapeError, ValueError } from '../errors.js';
import { allocateUninitialized, type DType, type TypedArray } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { type Tensor, viewOf } from '../tensor/tensor.js';
import { add } from './add.js';
import { cast } from './cast.js';
import { checkNormArg } from './core/check-norm-args.js';
import { checkFiniteNumber } from './core/check-number.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { denseData, fromData } from './core/run-kernel.js';
import { standardize, standardizeBackward } from './core/standardize.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { reshape } from './reshape.js';
import { rsqrt } from './rsqrt.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

/** Options of {@link batchNorm}; every tensor is `[channels]`. */
export interface BatchNormOpOptions {
  /** Running mean: read in eval, updated in place in training. */
  runningMean?: Tensor | null;
  /** Running (unbiased) variance: read in eval, updated in place in training. */
  runningVar?: Tensor | null;
  /** Per-channel scale γ (default none: 1). */
  weight?: Tensor | null;
  /** Per-channel shift β (default none: 0). */
  bias?: Tensor | null;
  /** Normalize by the batch's statistics (and update the running ones) rather than the running ones (default false). */
  training?: boolean;
  /** Weight of the new batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/**
 * Batch normalization of `x [batch, channels, ...]` per channel (axis 1), as PyTorch's
 * `F.batch_norm`. In training each channel is standardized by the mean and biased variance over
 * every other axis, and given running statistics are updated in place (without recording a
 * graph): r ← (1 − momentum)·r + momentum·s, with the unbiased variance for runningVar. In eval
 * the running statistics standardize instead. Then y·γ + β per channel.
 * @see https://arxiv.org/abs/1502.03167
 * @example
 * const x = tensor([[1, 10], [3, 30]]);
 * const runningMean = zeros([2]);
 * const runningVar = ones([2]);
 * batchNorm(x, { runningMean, runningVar, training: true, eps: 0 }); // => [[-1, -1], [1, 1]]
 * runningMean; // => [0.2, 2]
 */
export function batchNorm(x: Tensor, options: BatchNormOpOptions = {}): Tensor {
  const { runningMean, runningVar, weight, bias, training = false, momentum = 0.1, eps = 1e-5 } = options;
  expectTensor(x, 'batchNorm', 'x');
  expectFloat(x, 'batchNorm');
  if (x.ndim < 2)
    throw new ShapeError(
      `batchNorm: x must have rank ≥ 2 [batch, channels, ...], got shape ${formatShape(x.shape)}`,
    );
  const c = x.shape[1]!;
  for (const [t, arg] of [
    [runningMean, 'runningMean'],
    [runningVar, 'runningVar'],
    [weight, 'weight'],
    [bias, 'bias'],
  ] as const)
    checkNormArg(t, [c], 'batchNorm', arg);
  checkFiniteNumber(momentum, 'batchNorm', 'momentum');
  checkFiniteNumber(eps, 'batchNorm', 'eps');
  if ((runningMean == null) !== (runningVar == null))
    throw new ValueError('batchNorm: runningMean and runningVar must be given together');
  // γ, β and the statistics broadcast as [C, 1, ...] against [N, C, ...].
  const perChannel = [c, ...new Array<number>(x.ndim - 2).fill(1)];
  let y: Tensor;
  if (training) {
    const count = x.size === 0 ? x.shape.reduce((n, s, i) => (i === 1 ? n : n * s), 1) : x.size / c;
    if (count === 1)
      throw new ValueError(
        `batchNorm: expected more than 1 value per channel in training, got input of shape ${formatShape(x.shape)}`,
      );
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const update = (mean: Tensor, variance: Tensor): void => {
      if (!runningMean || !runningVar || count === 0) return;
      updateRunning(runningMean, mean, momentum, 1);
      // PyTorch keeps the unbiased variance in the running estimate, while normalizing with the biased one.
      updateRunning(runningVar, variance, momentum, count / (count - 1));
    };
    // The fused kernels take one dtype; parameters of another go through the composition.
    if ((weight && weight.dtype !== x.dtype) || (bias && bias.dtype !== x.dtype)) {
      const s = standardize(x, axes, eps);
      update(s.mean, s.variance);
      y = s.y;
    } else {
      return fusedTraining(x, weight ?? null, bias ?? null, axes, eps, update);
    }
  } else {
    if (!runningMean || !runningVar)
      throw new ValueError(
        'batchNorm: runningMean and runningVar are required in eval mode (training: false)',
      );
    // One per-channel affine map, x·scale + shift, as PyTorch's CPU kernel folds it.
    const map = batchNormEvalMap(x.dtype, { runningMean, runningVar, weight, bias, eps });
    if (map) return affineChannels(x, map[0], map[1]);
    const rstd = rsqrt(add(runningVar, eps));
    const scale = weight ? mul(weight, rstd) : rstd;
    const shifted = mul(runningMean, scale);
    const shift = bias ? sub(bias, shifted) : neg(shifted);
    if (scale.dtype === x.dtype && shift.dtype === x.dtype) return affineChannels(x, scale, shift);
    return add(mul(x, reshape(scale, perChannel)), reshape(shift, perChannel));
  }
  if (weight) y = mul(y, reshape(weight, perChannel));
  if (bias) y = add(y, reshape(bias, perChannel));
  return y;
}

/**
 * Training-mode batch norm in kernel passes (Kernels.batchNormStats, channelAffine,
 * batchNormBackward): statistics, then x·scale + shift per channel; the backward uses the
 * batch's mean and σ⁻¹. `update` receives the statistics for the running estimates.
 */
function fusedTraining(
  x: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  axes: number[],
  eps: number,
  update: (mean: Tensor, variance: Tensor) => void,
): Tensor {
  const [batch, channels] = x.shape as [number, number];
  const plane = x.shape.slice(2).reduce((n, s) => n * s, 1);
  let mu: TypedArray | undefined;
  let rstd: TypedArray | undefined;
  const op = defineOp({
    name: 'batchNorm',
    forward: (input: Tensor, w: Tensor | null, b: Tensor | null): Tensor => {
      const k = kernels();
      const data = denseData(input);
      const dtype = input.dtype;
      mu = allocateUninitialized(dtype, channels);
      const variance = allocateUninitialized(dtype, channels);
      k.batchNormStats(data, batch, channels, plane, mu, variance);
      update(fromData(mu, [channels], dtype), fromData(variance, [channels], dtype));
      rstd = allocateUninitialized(dtype, channels);
      const scale = allocateUninitialized(dtype, channels);
      const shift = allocateUninitialized(dtype, channels);
      const wd = w && denseData(w);
      const bd = b && denseData(b);
      for (let c = 0; c < channels; c++) {
        rstd[c] = 1 / Math.sqrt(variance[c]! + eps);
        scale[c] = rstd[c]! * (wd ? wd[c]! : 1);
        shift[c] = (bd ? bd[c]! : 0) - mu[c]! * scale[c]!;
      }
      const out = allocateUninitialized(dtype, input.size);
      k.channelAffine(data, batch, channels, plane, scale, shift, out);
      return fromData(out, input.shape, dtype);
    },
    backward: (dy, { args: [input, w, b], needsInputGrad }) => {
      if (isGradEnabled()) return compositeBackward(dy, input, w, axes, eps);
      const dx = allocateUninitialized(input.dtype, input.size);
      const dw = w && needsInputGrad[1] ? allocateUninitialized(input.dtype, channels) : null;
      const db = b && needsInputGrad[2] ? allocateUninitialized(input.dtype, channels) : null;
      const wd = w && denseData(w);
      kernels().batchNormBackward(
        denseData(input),
        denseData(dy),
        mu!,
        rstd!,
        wd,
        batch,
        channels,
        plane,
        dx,
        dw,
        db,
      );
      return [
        fromData(dx, input.shape, input.dtype),
        dw && fromData(dw, [channels], input.dtype),
        db && fromData(db, [channels], input.dtype),
      ];
    },
  });
  return op(x, weight, bias);
}

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
const affineChannels: (x: Tensor, scale: Tensor, shift: Tensor) => Tensor = defineOp({
  name: 'batchNorm',
  forward: (x: Tensor, scale: Tensor, shift: Tensor): Tensor => {
    const [batch, channels] = x.shape as [number, number];
    const plane = x.shape.slice(2).reduce((n, s) => n * s, 1);
    const out = allocateUninitialized(x.dtype, x.size);
    kernels().channelAffine(denseData(x), batch, channels, plane, denseData(scale), denseData(shift), out);
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

/** The same gradients written with ops, for a backward that is itself differentiated. */
function compositeBackward(
  dy: Tensor,
  x: Tensor,
  weight: Tensor | null,
  axes: number[],
  eps: number,
): Tensor[] {
  const c = x.shape[1]!;
  const perChannel = [c, ...new Array<number>(x.ndim - 2).fill(1)];
  const { dx, dyXhat } = standardizeBackward(dy, x, weight && reshape(weight, perChannel), axes, eps);
  return [dx, reshape(sum(dyXhat, axes), [c]), reshape(sum(dy, axes), [c])];
}

/** running ← (1 − m)·running + m·scale·batch, in place and without a graph (batch is [1, C, 1, ...]). */
function updateRunning(running: Tensor, batch: Tensor, m: number, scale: number): void {
  noGrad(() => {
    const next = cast(add(mul(running, 1 - m), mul(reshape(batch, running.shape), m * scale)), running.dtype);
    // The kernel that writes a parameter in place (as the optimizers do), so holders see the values.
    kernels().assign(viewOf(running), viewOf(next), running.shape);
  });
}
