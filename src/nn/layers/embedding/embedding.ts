import '../../../autograd/backward.js';
import { DTypeError, ValueError } from '../../../errors.js';
import { ne } from '../../../ops/compare.js';
import { expectTensor } from '../../../ops/convert.js';
import { indexSelect } from '../../../ops/index-select.js';
import { reshape } from '../../../ops/reshape.js';
import { unsqueeze } from '../../../ops/squeeze.js';
import { where } from '../../../ops/where.js';
import { randn } from '../../../tensor/creation.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Generator } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module, Parameter } from '../../module.js';

/** Options of {@link Embedding}. */
export interface EmbeddingOptions {
  /** A row that starts at zero and never receives a gradient (negative counts from the end). */
  paddingIdx?: number;
  dtype?: DType;
  generator?: Generator;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialized N(0, 1): int32
 * indices of any shape `[...]` give `[..., embeddingDim]`. The padding row starts at zero and
 * gets no gradient, so padding tokens stay neutral.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.Embedding.html
 * @example
 * const emb = new Embedding(10, 3, { paddingIdx: 0 });
 * emb.forward(tensor([[1, 0]], { dtype: 'int32' })).shape; // => [1, 2, 3]
 */
export class Embedding extends Module {
  weight: Parameter;
  readonly paddingIdx?: number;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    { paddingIdx, dtype, generator }: EmbeddingOptions = {},
  ) {
    super();
    if (
      !Number.isSafeInteger(numEmbeddings) ||
      numEmbeddings < 1 ||
      !Number.isSafeInteger(embeddingDim) ||
      embeddingDim < 1
    )
      throw new ValueError(
        `Embedding: numEmbeddings and embeddingDim must be positive integers, got ${numEmbeddings} and ${embeddingDim}`,
      );
    this.weight = Parameter.from(randn([numEmbeddings, embeddingDim], { dtype, generator }));
    if (paddingIdx !== undefined) {
      if (!Number.isInteger(paddingIdx) || paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings)
        throw new ValueError(
          `Embedding: paddingIdx must be in [-${numEmbeddings}, ${numEmbeddings}), got ${paddingIdx}`,
        );
      this.paddingIdx = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
      this.weight.data().fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
    }
  }

  forward(indices: Tensor): Tensor {
    expectTensor(indices, 'Embedding', 'indices');
    if (indices.dtype !== 'int32')
      throw new DTypeError(`Embedding: indices must be an int32 tensor, got ${indices.dtype}`);
    const flat = reshape(indices, [indices.size]);
    let rows = indexSelect(this.weight, 0, flat);
    if (this.paddingIdx !== undefined) {
      // The padding rows read the weight's value but through a detached copy: no gradient.
      const keep = unsqueeze(ne(flat, this.paddingIdx), 1);
      rows = where(keep, rows, indexSelect(this.weight.detach(), 0, flat));
    }
    return reshape(rows, [...indices.shape, this.embeddingDim]);
  }
}
