import { BatchNormBase, type BatchNormOptions } from './batch-norm-base.js';

export type { BatchNormOptions } from './batch-norm-base.js';

/**
 * Batch normalization over `[batch, features]` or `[batch, features, length]`: each feature is
 * normalized by the batch's mean and (biased) variance, then scaled by γ and shifted by β. In
 * training it also updates running estimates (with the unbiased variance, as PyTorch does):
 * r ← (1 − momentum)·r + momentum·batch; eval mode normalizes with them.
 * @see https://arxiv.org/abs/1502.03167
 * @example
 * const bn = new BatchNorm1d(3);
 * bn.forward(randn([8, 3])); // each column has mean 0, variance ≈ 1
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options, {
      name: 'BatchNorm1d',
      shapes: (c) => [
        ['batch', c],
        ['batch', c, 'length'],
      ],
    });
  }
}
