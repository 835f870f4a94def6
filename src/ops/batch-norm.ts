import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { ShapeError, ValueError } from '../errors.js';
import { allocateUninitialized, type TypedArray } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { type Tensor, viewOf } from '../tensor/tensor.js';
import { add } from './add.js';
import { affineChannels, batchNormEvalMap } from './batch-norm-eval.js';
import { cast } from './cast.js';
import { gt, lt } from './compare.js';
import { checkNormArg } from './core/check-norm-args.js';
import { checkFiniteNumber } from './core/check-number.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { denseData, fromData, runUnary } from './core/run-kernel.js';
import { standardize, standardizeBackward } from './core/standardize.js';
import { hardTanh } from './hard-tanh.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { relu } from './relu.js';
import { reshape } from './reshape.js';
import { rsqrt } from './rsqrt.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { where } from './where.js';

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
  /** Added to the normalized output before the clamp (x's shape and dtype): a residual block's shortcut. */
  residual?: Tensor | null;
  /**
   * Clamp the output (after the residual) to [lo, hi]: `[0, Infinity]` is a ReLU, finite bounds a
   * hardTanh (ReLU6 is `[0, 6]`), with their gradients (NOTE(gated-batch-norm)). Default none.
   */
  clamp?: readonly [number, number];
}

/**
 * Batch normalization of `x [batch, channels, ...]` per channel (axis 1), as PyTorch's
 * `F.batch_norm`. In training each channel is standardized by the mean and biased variance over
 * every other axis, and given running statistics are updated in place (without recording a
 * graph): r ← (1 − momentum)·r + momentum·s, with the unbiased variance for runningVar. In eval
 * the running statistics standardize instead. Then y·γ + β per channel, and with `residual` and
 * `clamp`, clamp(y + residual, lo, hi): in training one kernel pass each way for the whole block
 * end (batch norm, shortcut, ReLU) instead of three.
 * @see https://arxiv.org/abs/1502.03167
 * @example
 * const x = tensor([[1, 10], [3, 30]]);
 * const runningMean = zeros([2]);
 * const runningVar = ones([2]);
 * batchNorm(x, { runningMean, runningVar, training: true, eps: 0 }); // => [[-1, -1], [1, 1]]
 * runningMean; // => [0.2, 2]
 * batchNorm(x, { training: true, eps: 0, residual: tensor([[0, 3], [0, 3]]), clamp: [0, Infinity] }); // => [[0, 2], [1, 4]]
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
  const end = epilogueOf(x, options);
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
      return fusedTraining(x, weight ?? null, bias ?? null, axes, eps, update, end);
    }
  } else {
    if (!runningMean || !runningVar)
      throw new ValueError(
        'batchNorm: runningMean and runningVar are required in eval mode (training: false)',
      );
    // One per-channel affine map, x·scale + shift, as PyTorch's CPU kernel folds it.
    const map = batchNormEvalMap(x.dtype, { runningMean, runningVar, weight, bias, eps });
    if (map) return applyEpilogue(affineChannels(x, map[0], map[1]), end);
    const rstd = rsqrt(add(runningVar, eps));
    const scale = weight ? mul(weight, rstd) : rstd;
    const shifted = mul(runningMean, scale);
    const shift = bias ? sub(bias, shifted) : neg(shifted);
    if (scale.dtype === x.dtype && shift.dtype === x.dtype)
      return applyEpilogue(affineChannels(x, scale, shift), end);
    return applyEpilogue(add(mul(x, reshape(scale, perChannel)), reshape(shift, perChannel)), end);
  }
  if (weight) y = mul(y, reshape(weight, perChannel));
  if (bias) y = add(y, reshape(bias, perChannel));
  return applyEpilogue(y, end);
}

/** What follows the normalization: clamp(y + residual, lo, hi) (±Infinity for no bound). */
interface Epilogue {
  residual: Tensor | null;
  lo: number;
  hi: number;
}

function epilogueOf(x: Tensor, { residual, clamp }: BatchNormOpOptions): Epilogue {
  if (residual != null) {
    expectTensor(residual, 'batchNorm', 'residual');
    if (residual.dtype !== x.dtype || residual.shape.join() !== x.shape.join())
      throw new ShapeError(
        `batchNorm: residual must have x's shape ${formatShape(x.shape)} and dtype ${x.dtype}, got ${formatShape(residual.shape)} ${residual.dtype}`,
      );
  }
  const [lo, hi] = clamp ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  const relu = lo === 0 && hi === Number.POSITIVE_INFINITY;
  const none = lo === Number.NEGATIVE_INFINITY && hi === Number.POSITIVE_INFINITY;
  const bounded = Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi;
  if (clamp !== undefined && (!Array.isArray(clamp) || clamp.length !== 2 || !(relu || none || bounded)))
    throw new ValueError(
      `batchNorm: clamp must be [0, Infinity] (ReLU), finite [lo, hi] with lo ≤ hi (hardTanh) or [-Infinity, Infinity], got ${Array.isArray(clamp) ? `[${clamp.join(', ')}]` : String(clamp)}`,
    );
  return { residual: residual ?? null, lo, hi };
}

/** The epilogue as ops (relu's and hardTanh's gradients), where the kernels do not fuse it. */
function applyEpilogue(y: Tensor, { residual, lo, hi }: Epilogue): Tensor {
  const z = residual ? add(y, residual) : y;
  if (lo === Number.NEGATIVE_INFINITY) return z;
  return hi === Number.POSITIVE_INFINITY ? relu(z) : hardTanh(z, lo, hi);
}

/** The epilogue's clamp backward at its output y, as ops (relu's or hardTanh's, as applyEpilogue). */
function gateWithOps(dy: Tensor, y: Tensor, { lo, hi }: Epilogue): Tensor {
  if (hi === Number.POSITIVE_INFINITY) return mul(dy, runUnary('step', y));
  return where(gt(y, lo), where(lt(y, hi), dy, 0), 0);
}

/**
 * Training-mode batch norm in kernel passes (Kernels.batchNormStats, channelAffine,
 * batchNormBackward): statistics, then x·scale + shift per channel with the epilogue; the
 * backward uses the batch's mean and σ⁻¹, gated by the epilogue's clamp. `update` receives the
 * statistics for the running estimates.
 */
function fusedTraining(
  x: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  axes: number[],
  eps: number,
  update: (mean: Tensor, variance: Tensor) => void,
  end: Epilogue,
): Tensor {
  const gates = end.lo !== Number.NEGATIVE_INFINITY;
  const [batch, channels] = x.shape as [number, number];
  const plane = x.shape.slice(2).reduce((n, s) => n * s, 1);
  let mu: TypedArray | undefined;
  let rstd: TypedArray | undefined;
  const op = defineOp({
    name: 'batchNorm',
    forward: (input: Tensor, w: Tensor | null, b: Tensor | null, r: Tensor | null): Tensor => {
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
      const residual = r ? denseData(r) : undefined;
      k.channelAffine(data, batch, channels, plane, scale, shift, residual, end.lo, end.hi, out);
      return fromData(out, input.shape, dtype);
    },
    backward: (dy, { args: [input, w, b, r], needsInputGrad, output }) => {
      const needR = r !== null && needsInputGrad[3] === true;
      if (isGradEnabled()) {
        const g = gates ? gateWithOps(dy, output, end) : dy;
        return [...compositeBackward(g, input, w, axes, eps), needR ? g : null];
      }
      const dx = allocateUninitialized(input.dtype, input.size);
      const dw = w && needsInputGrad[1] ? allocateUninitialized(input.dtype, channels) : null;
      const db = b && needsInputGrad[2] ? allocateUninitialized(input.dtype, channels) : null;
      const gated = needR && gates ? allocateUninitialized(input.dtype, input.size) : null;
      const wd = w && denseData(w);
      const gate = gates ? { y: denseData(output), lo: end.lo, hi: end.hi, gated } : null;
      kernels().batchNormBackward(
        denseData(input),
        denseData(dy),
        mu!,
        rstd!,
        wd,
        gate,
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
        needR ? (gated ? fromData(gated, input.shape, input.dtype) : dy) : null,
      ];
    },
  });
  return op(x, weight, bias, end.residual);
}

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
