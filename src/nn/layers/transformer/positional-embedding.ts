import { ShapeError, ValueError } from '../../../errors.js';
import { add } from '../../../ops/add.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
import { narrow } from '../../../ops/narrow.js';
import { randn } from '../../../tensor/creation.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Generator } from '../../../tensor/random.js';
import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module, Parameter } from '../../module.js';

/**
 * A learned positional embedding, as BERT and GPT use instead of sinusoids: one trained vector
 * per position, `weight` `[maxLen, dModel]` (initialized N(0, 0.02²)), added to the input
 * `[..., seq, dModel]` at positions 0..seq−1.
 * @see https://arxiv.org/abs/1810.04805
 * @example
 * const pos = new PositionalEmbedding(16, 8);
 * pos.forward(zeros([2, 5, 8])).shape; // => [2, 5, 8]
 */
export class PositionalEmbedding extends Module {
  weight: Parameter;

  constructor(
    readonly maxLen: number,
    readonly dModel: number,
    { dtype, generator }: { dtype?: DType; generator?: Generator } = {},
  ) {
    super();
    if (!Number.isSafeInteger(maxLen) || maxLen < 1 || !Number.isSafeInteger(dModel) || dModel < 1)
      throw new ValueError(
        `PositionalEmbedding: maxLen and dModel must be positive integers, got ${maxLen} and ${dModel}`,
      );
    this.weight = Parameter.from(randn([maxLen, dModel], { dtype, generator, std: 0.02 }));
  }

  forward(x: Tensor): Tensor {
    expectTensor(x, 'PositionalEmbedding', 'x');
    expectFloat(x, 'PositionalEmbedding');
    const seq = x.shape[x.ndim - 2];
    if (x.ndim < 2 || x.shape[x.ndim - 1] !== this.dModel || seq === undefined || seq > this.maxLen)
      throw new ShapeError(
        `PositionalEmbedding: x must be [..., seq ≤ ${this.maxLen}, ${this.dModel}], got ${formatShape(x.shape)}`,
      );
    return add(x, narrow(this.weight, 0, 0, seq));
  }
}
