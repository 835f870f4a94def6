import { ValueError } from '../../../errors.js';
import { checkPaddingIdx } from '../../../ops/core/check-padding-idx.js';
import { embedding } from '../../../ops/embedding.js';
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
    this.paddingIdx = checkPaddingIdx(paddingIdx, numEmbeddings, 'Embedding');
    if (this.paddingIdx !== undefined)
      this.weight.data().fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
  }

  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }
}
