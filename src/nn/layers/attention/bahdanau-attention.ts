import { DTypeError, ShapeError } from '../../../errors.js';
import { add } from '../../../ops/add.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
import { maskedFill } from '../../../ops/masked-fill.js';
import { matmul } from '../../../ops/matmul.js';
import { reshape } from '../../../ops/reshape.js';
import { maskedSoftmax } from '../../../ops/scaled-dot-product-attention.js';
import { softmax } from '../../../ops/softmax.js';
import { squeeze, unsqueeze } from '../../../ops/squeeze.js';
import { tanh } from '../../../ops/tanh.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Generator } from '../../../tensor/random.js';
import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';
import { Linear } from '../linear/linear.js';

/** Options of {@link BahdanauAttention.forwardWithWeights}. */
export interface BahdanauForwardOptions {
  /** Bool `[N, S]`: true marks padding in the source, which gets zero weight. */
  mask?: Tensor;
  /** `projectKeys(keys)`, computed once per source sequence instead of at every decoder step. */
  projectedKeys?: Tensor;
}

/** What {@link BahdanauAttention.forwardWithWeights} returns. */
export interface BahdanauResult {
  /** `[N, keyDim]`: Σ_t′ α⟨t′⟩·a⟨t′⟩. */
  context: Tensor;
  /** `[N, S]`: α over the source positions, summing to 1 (0 at padding). */
  weights: Tensor;
}

/**
 * Additive attention, as in the course's neural machine translation: the score of source
 * position t′ for the decoder state s⟨t−1⟩ is e⟨t′⟩ = vᵀ tanh(W₁ s⟨t−1⟩ + W₂ a⟨t′⟩ + b), the
 * weights α = softmax over t′ (padding masked out), and the context Σ α⟨t′⟩ a⟨t′⟩. W₁ is
 * `queryProj`, W₂ and b `keyProj`, v `v`.
 * @see https://arxiv.org/abs/1409.0473
 * @example
 * const attention = new BahdanauAttention(16, 8, 10);
 * const { context, weights } = attention.forwardWithWeights(randn([2, 16]), randn([2, 5, 8]));
 * [context.shape, weights.shape]; // => [[2, 8], [2, 5]]
 */
export class BahdanauAttention extends Module {
  queryProj: Linear;
  keyProj: Linear;
  v: Linear;

  constructor(
    readonly queryDim: number,
    readonly keyDim: number,
    readonly attnDim: number,
    { dtype, generator }: { dtype?: DType; generator?: Generator } = {},
  ) {
    super();
    this.queryProj = new Linear(queryDim, attnDim, { bias: false, dtype, generator });
    this.keyProj = new Linear(keyDim, attnDim, { dtype, generator });
    this.v = new Linear(attnDim, 1, { bias: false, dtype, generator });
  }

  /** The context vector alone, `[N, keyDim]`, for query `[N, queryDim]` and keys `[N, S, keyDim]`. */
  forward(query: Tensor, keys: Tensor): Tensor {
    return this.forwardWithWeights(query, keys).context;
  }

  /** W₂ a⟨t′⟩ + b for every source position: `[N, S, attnDim]`. */
  projectKeys(keys: Tensor): Tensor {
    expectTensor(keys, 'BahdanauAttention', 'keys');
    if (keys.ndim !== 3 || keys.shape[2] !== this.keyDim)
      throw new ShapeError(
        `BahdanauAttention: keys must be [batch, seq, ${this.keyDim}], got ${formatShape(keys.shape)}`,
      );
    return this.keyProj.forward(keys);
  }

  /** The context and the attention weights. */
  forwardWithWeights(query: Tensor, keys: Tensor, options: BahdanauForwardOptions = {}): BahdanauResult {
    const projected = options.projectedKeys ?? this.projectKeys(keys);
    const [n, s] = keys.shape as [number, number];
    expectTensor(query, 'BahdanauAttention', 'query');
    expectFloat(query, 'BahdanauAttention', 'query');
    if (query.ndim !== 2 || query.shape[0] !== n || query.shape[1] !== this.queryDim)
      throw new ShapeError(
        `BahdanauAttention: query must be [${n}, ${this.queryDim}], got ${formatShape(query.shape)}`,
      );
    // [N, 1, A] + [N, S, A] → tanh → v → [N, S]
    const hidden = tanh(add(unsqueeze(this.queryProj.forward(query), 1), projected));
    const scores = reshape(this.v.forward(hidden), [n, s]);
    const { mask } = options;
    let weights: Tensor;
    if (mask === undefined) weights = softmax(scores, -1);
    else {
      expectTensor(mask, 'BahdanauAttention', 'mask');
      if (mask.dtype !== 'bool')
        throw new DTypeError(`BahdanauAttention: mask must be a bool tensor, got ${mask.dtype}`);
      if (mask.ndim !== 2 || mask.shape[0] !== n || mask.shape[1] !== s)
        throw new ShapeError(`BahdanauAttention: mask must be [${n}, ${s}], got ${formatShape(mask.shape)}`);
      weights = maskedSoftmax(maskedFill(scores, mask, Number.NEGATIVE_INFINITY));
    }
    // [N, 1, S]·[N, S, K] → [N, K]
    const context = squeeze(matmul(unsqueeze(weights, 1), keys), 1);
    return { context, weights };
  }
}
