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
}

/**
 * `clamp(conv2d(x, weight)·scale[c] + shift[c], lo, hi)` per output channel c: a convolution (no
 * bias) followed by an eval-mode batch norm (scale = γ/√(σ² + ε), shift = β − μ·scale) and a ReLU
 * or ReLU6, as the zoo's `ConvNormAct` runs in eval mode. When no gradient is needed it is one
 * kernel (Kernels.convForwardAffine: each output gets its map and clamp while still in cache, with
 * the same rounding as the three separate kernels); otherwise the same as the three ops.
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
  const { clamp: bounds = [-Infinity, Infinity], ...conv } = options;
  const { xs, w, g } = preparedConv(x, weight, null, conv, 2, op);
  const channels = w.shape[0]!;
  checkNormArg(scale, [channels], op, 'scale');
  checkNormArg(shift, [channels], op, 'shift');
  const [lo, hi] = checkBounds(bounds, op);
  const needsGrad = isGradEnabled() && [xs, w, scale, shift].some((t) => t.requiresGrad);
  if (needsGrad || scale.dtype !== xs.dtype || shift.dtype !== xs.dtype) {
    const perChannel = [channels, 1, 1];
    const y = add(mul(convForward(xs, w, g), reshape(scale, perChannel)), reshape(shift, perChannel));
    return lo === -Infinity && hi === Infinity
      ? y
      : clamp(y, lo === -Infinity ? undefined : lo, hi === Infinity ? undefined : hi);
  }
  const batch = xs.shape[0]!;
  const y = allocateUninitialized(xs.dtype, batch * channels * sizeOf(g.outSize));
  const shape = { batch, inChannels: xs.shape[1]!, outChannels: channels, groups: g.groups, window: g };
  kernels().convForwardAffine(
    denseData(xs),
    denseData(w),
    shape,
    denseData(scale),
    denseData(shift),
    lo,
    hi,
    y,
  );
  return fromData(y, [batch, channels, ...g.outSize], xs.dtype);
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
