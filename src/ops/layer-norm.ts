import { isGradEnabled } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { ShapeError } from '../errors.js';
import { allocateUninitialized, type TypedArray } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { checkNormArg } from './core/check-norm-args.js';
import { checkFiniteNumber } from './core/check-number.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { denseData, fromData } from './core/run-kernel.js';
import { standardize, standardizeBackward } from './core/standardize.js';
import { sumTo } from './core/sum-to.js';
import { mul } from './mul.js';

/** Options of {@link layerNorm}; weight and bias have the normalized shape. */
export interface LayerNormOpOptions {
  /** Elementwise scale (default none: 1). */
  weight?: Tensor | null;
  /** Elementwise shift (default none: 0). */
  bias?: Tensor | null;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/**
 * Layer normalization, as PyTorch's `F.layer_norm`: each sample is standardized over its last
 * axes (`normalizedShape`, which x must end in) by its own mean and biased variance, then scaled
 * by `weight` and shifted by `bias` elementwise. It does not depend on the batch.
 * @see https://arxiv.org/abs/1607.06450
 * @example
 * layerNorm(tensor([[1, 2, 3, 4]]), [4]); // => [[-1.3416, -0.4472, 0.4472, 1.3416]]
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  options: LayerNormOpOptions = {},
): Tensor {
  const { weight, bias, eps = 1e-5 } = options;
  expectTensor(x, 'layerNorm', 'x');
  expectFloat(x, 'layerNorm');
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((s) => Number.isSafeInteger(s) && s >= 0))
    throw new ShapeError(
      `layerNorm: normalizedShape must be one or more non-negative integers, got ${JSON.stringify(normalizedShape)}`,
    );
  const k = shape.length;
  if (x.ndim < k || x.shape.slice(x.ndim - k).some((s, i) => s !== shape[i]))
    throw new ShapeError(
      `layerNorm: x must end in normalizedShape ${formatShape(shape)}, got shape ${formatShape(x.shape)}`,
    );
  checkNormArg(weight, shape, 'layerNorm', 'weight');
  checkNormArg(bias, shape, 'layerNorm', 'bias');
  checkFiniteNumber(eps, 'layerNorm', 'eps');
  const axes = Array.from({ length: k }, (_, i) => x.ndim - k + i);
  // The fused kernels take one dtype; a weight or bias of another goes through the composition.
  if ((weight && weight.dtype !== x.dtype) || (bias && bias.dtype !== x.dtype)) {
    let y = standardize(x, axes, eps).y;
    if (weight) y = mul(y, weight);
    if (bias) y = add(y, bias);
    return y;
  }
  return fusedLayerNorm(x, axes, eps, weight ?? null, bias ?? null);
}

/**
 * Layer norm in one kernel pass each way (Kernels.layerNorm): the rows are x's blocks of the
 * normalized size; the backward uses the per-row mean and σ⁻¹ the forward saved.
 */
function fusedLayerNorm(
  x: Tensor,
  axes: number[],
  eps: number,
  weight: Tensor | null,
  bias: Tensor | null,
): Tensor {
  const size = axes.reduce((n, a) => n * x.shape[a]!, 1);
  const rows = size === 0 ? 0 : x.size / size;
  let mu: TypedArray | undefined;
  let rstd: TypedArray | undefined;
  const op = defineOp({
    name: 'layerNorm',
    forward: (input: Tensor, w: Tensor | null, b: Tensor | null): Tensor => {
      const out = allocateUninitialized(input.dtype, input.size);
      mu = allocateUninitialized(input.dtype, rows);
      rstd = allocateUninitialized(input.dtype, rows);
      const wd = w && denseData(w);
      const bd = b && denseData(b);
      kernels().layerNorm(denseData(input), rows, size, wd, bd, eps, out, mu, rstd);
      return fromData(out, input.shape, input.dtype);
    },
    backward: (dy, { args: [input, w, b], needsInputGrad }) => {
      if (isGradEnabled()) return compositeBackward(dy, input, w, axes, eps);
      const dx = allocateUninitialized(input.dtype, input.size);
      const dw = w && needsInputGrad[1] ? allocateUninitialized(input.dtype, size) : null;
      const db = b && needsInputGrad[2] ? allocateUninitialized(input.dtype, size) : null;
      const wd = w && denseData(w);
      kernels().layerNormBackward(denseData(input), denseData(dy), mu!, rstd!, wd, rows, size, dx, dw, db);
      return [
        fromData(dx, input.shape, input.dtype),
        dw && fromData(dw, w!.shape, input.dtype),
        db && fromData(db, b!.shape, input.dtype),
      ];
    },
  });
  return op(x, weight, bias);
}

/** The same gradients written with ops, for a backward that is itself differentiated. */
function compositeBackward(
  dy: Tensor,
  x: Tensor,
  weight: Tensor | null,
  axes: number[],
  eps: number,
): Tensor[] {
  const { dx, dyXhat } = standardizeBackward(dy, x, weight, axes, eps);
  const normalized = x.shape.slice(x.ndim - axes.length);
  return [dx, sumTo(dyXhat, normalized), sumTo(dy, normalized)];
}
