import { ValueError } from '../../../errors.js';
import { clamp } from '../../../ops/clamp.js';
import { div } from '../../../ops/div.js';
import { linear } from '../../../ops/linear.js';
import { norm } from '../../../ops/norm.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Generator } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module, Parameter } from '../../module.js';
import { checkInput } from '../check-input.js';

/** x / max(‖x‖, 1e-12) along the last axis, as PyTorch's `F.normalize`: a zero row stays zero. */
function unitRows(x: Tensor): Tensor {
  return div(x, clamp(norm(x, 2, -1, true), 1e-12));
}

/**
 * A bias-free linear layer over unit vectors: y = (x/‖x‖)·(W/‖W‖)ᵀ row by row, so each output
 * is the cosine between a feature x `[..., inFeatures]` and one class's weight row, in [−1, 1].
 * The classifier of NormFace, CosFace and ArcFace: feed its output to
 * {@link marginSoftmaxLoss}. W starts as U(±1/√inFeatures) (only its direction matters).
 * @see https://arxiv.org/abs/1704.06369
 * @example
 * const head = new CosineLinear(2, 3);
 * head.forward(tensor([[3, 4]])).shape; // => [1, 3]
 */
export class CosineLinear extends Module {
  weight: Parameter;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    { dtype, generator }: { dtype?: DType; generator?: Generator } = {},
  ) {
    super();
    for (const [name, v] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 1)
        throw new ValueError(`CosineLinear: ${name} must be a positive integer, got ${v}`);
    }
    const k = 1 / Math.sqrt(inFeatures);
    this.weight = Parameter.uniform([outFeatures, inFeatures], -k, k, { dtype, generator });
  }

  forward(x: Tensor): Tensor {
    checkInput(this, x, { shapes: [['...', this.inFeatures]] });
    return linear(unitRows(x), unitRows(this.weight));
  }
}
