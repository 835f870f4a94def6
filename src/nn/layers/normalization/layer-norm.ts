import { ValueError } from '../../../errors.js';
import { layerNorm } from '../../../ops/layer-norm.js';
import { full } from '../../../tensor/creation.js';
import type { DType } from '../../../tensor/dtype.js';
import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module, Parameter } from '../../module.js';

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn a per-element scale (starts at 1) and shift (starts at 0) (default true). */
  elementwiseAffine?: boolean;
  dtype?: DType;
}

/**
 * Layer normalization: each sample is normalized over its last axes (`normalizedShape`) by its
 * own mean and biased variance, then scaled and shifted elementwise. Unlike BatchNorm it does not
 * depend on the batch, so training and eval behave the same.
 * @see https://arxiv.org/abs/1607.06450
 * @example
 * new LayerNorm(4).forward(tensor([[1, 2, 3, 4]])); // => [[-1.3416, -0.4472, 0.4472, 1.3416]]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  weight?: Parameter;
  bias?: Parameter;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const { eps = 1e-5, elementwiseAffine = true, dtype } = options;
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (
      this.normalizedShape.length === 0 ||
      !this.normalizedShape.every((s) => Number.isSafeInteger(s) && s > 0)
    )
      throw new ValueError(
        `LayerNorm: normalizedShape must be positive integers, got ${formatShape(this.normalizedShape)}`,
      );
    this.eps = eps;
    if (elementwiseAffine) {
      this.weight = Parameter.from(full(this.normalizedShape, 1, { dtype }));
      this.bias = Parameter.zeros(this.normalizedShape, { dtype });
    }
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
}
