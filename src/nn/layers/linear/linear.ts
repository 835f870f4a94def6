import { ValueError } from '../../../errors.js';
import { linear } from '../../../ops/linear.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Generator } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module, Parameter } from '../../module.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  dtype?: DType;
  generator?: Generator;
}

/**
 * A fully connected layer, y = x·Wᵀ + b, with x `[..., inFeatures]` and W `[outFeatures,
 * inFeatures]`. Weight and bias start as U(±1/√inFeatures), PyTorch's default.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.Linear.html
 * @example
 * const fc = new Linear(3, 2);
 * fc.forward(ones([5, 3])).shape; // => [5, 2]
 */
export class Linear extends Module {
  weight: Parameter;
  bias?: Parameter;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    { bias = true, dtype, generator }: LinearOptions = {},
  ) {
    super();
    for (const [name, v] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 0)
        throw new ValueError(`Linear: ${name} must be a non-negative integer, got ${v}`);
    }
    const k = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    this.weight = Parameter.uniform([outFeatures, inFeatures], -k, k, { dtype, generator });
    if (bias) this.bias = Parameter.uniform([outFeatures], -k, k, { dtype, generator });
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}
