import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { checkNormArg } from './core/check-norm-args.js';
import { checkFiniteNumber } from './core/check-number.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { standardize } from './core/standardize.js';
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
  let y = standardize(x, axes, eps).y;
  if (weight) y = mul(y, weight);
  if (bias) y = add(y, bias);
  return y;
}
