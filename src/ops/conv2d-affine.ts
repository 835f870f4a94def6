import { isGradEnabled } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { ValueError } from '../errors.js';
import { allocateUninitialized } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { clamp } from './clamp.js';
import { checkNormArg } from './core/check-norm-args.js';
import { convForward } from './core/conv.js';
import { type ConvOptions, preparedConv } from './core/conv-nd.js';
import { denseData, fromData } from './core/run-kernel.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';

export interface Conv2dAffineOptions extends ConvOptions {
  /**
   * Bounds of the clamp after the affine map, `[lo, hi]` (default none: `[-Infinity, Infinity]`):
   * `[0, Infinity]` is a ReLU, `[0, 6]` a ReLU6.
   */
  clamp?: readonly [number, number];
  /** Added after the affine map, before the clamp: a residual block's shortcut, of the output's shape. */
  residual?: Tensor;
}

/**
 * `clamp(conv2d(x, weight)·scale[c] + shift[c] (+ residual), lo, hi)` per output channel c: a
 * convolution (no bias) followed by an eval-mode batch norm (scale = γ/√(σ² + ε), shift = β −
 * μ·scale), optionally a residual block's shortcut, and a ReLU or ReLU6, as the zoo's `ConvNormAct`
 * and residual blocks run in eval mode. When no gradient is needed it is one kernel
 * (Kernels.convForwardAffine: each output gets its map, add and clamp while still in cache, with
 * the same rounding as the separate kernels); otherwise the same as the separate ops.
 * @example
 * const x = randn([1, 3, 8, 8]);
 * const w = randn([4, 3, 3, 3]);
 * const y = conv2dAffine(x, w, ones([4]), zeros([4]), { padding: 1, clamp: [0, 6] });
 * y.shape; // => [1, 4, 8, 8]
 * y.max().item() <= 6; // => true
 */
export function conv2dAffine(
  x: Tensor,
  weight: Tensor,
  scale: Tensor,
  shift: Tensor,
  options: Conv2dAffineOptions = {},
): Tensor {
  const op = 'conv2dAffine';
  const { clamp: bounds = [-Infinity, Infinity], residual, ...conv } = options;
  const { xs, w, g } = preparedConv(x, weight, null, conv, 2, op);
  const channels = w.shape[0]!;
  checkNormArg(scale, [channels], op, 'scale');
  checkNormArg(shift, [channels], op, 'shift');
  const [lo, hi] = checkBounds(bounds, op);
  const batch = xs.shape[0]!;
  const outShape = [batch, channels, ...g.outSize];
  if (residual !== undefined) checkNormArg(residual, outShape, op, 'residual');
  const operands = residual ? [xs, w, scale, shift, residual] : [xs, w, scale, shift];
  const needsGrad = isGradEnabled() && operands.some((t) => t.requiresGrad);
  if (needsGrad || operands.some((t) => t.dtype !== xs.dtype)) {
    const perChannel = [channels, 1, 1];
    const affine = add(mul(convForward(xs, w, g), reshape(scale, perChannel)), reshape(shift, perChannel));
    const y = residual ? add(affine, residual) : affine;
    return lo === -Infinity && hi === Infinity
      ? y
      : clamp(y, lo === -Infinity ? undefined : lo, hi === Infinity ? undefined : hi);
  }
  const y = allocateUninitialized(xs.dtype, batch * channels * sizeOf(g.outSize));
  const shape = { batch, inChannels: xs.shape[1]!, outChannels: channels, groups: g.groups, window: g };
  kernels().convForwardAffine(
    denseData(xs),
    denseData(w),
    shape,
    denseData(scale),
    denseData(shift),
    residual && denseData(residual),
    lo,
    hi,
    y,
  );
  return fromData(y, outShape, xs.dtype);
}

/** The clamp's bounds: two numbers (±Infinity for none), not NaN, lo ≤ hi. */
function checkBounds(bounds: readonly [number, number], op: string): [number, number] {
  const ok =
    Array.isArray(bounds) &&
    bounds.length === 2 &&
    bounds.every((b) => typeof b === 'number' && !Number.isNaN(b)) &&
    bounds[0] <= bounds[1];
  if (!ok)
    throw new ValueError(
      `${op}: clamp must be [lo, hi], two numbers with lo ≤ hi (±Infinity for none), got ${Array.isArray(bounds) ? `[${bounds.join(', ')}]` : String(bounds)}`,
    );
  return [bounds[0], bounds[1]];
}
