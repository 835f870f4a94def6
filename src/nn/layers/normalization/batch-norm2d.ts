import { BatchNormBase, type BatchNormOptions } from './batch-norm-base.js';

/**
 * Batch normalization of images `[batch, channels, height, width]`: each channel is normalized by
 * the mean and (biased) variance over batch, height and width, then scaled by γ and shifted by β;
 * running estimates as in {@link BatchNorm1d} (the shared logic is {@link BatchNormBase}).
 * @see https://arxiv.org/abs/1502.03167
 * @example
 * const bn = new BatchNorm2d(16);
 * bn.forward(randn([8, 16, 28, 28])); // each channel has mean 0, variance ≈ 1
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options, {
      name: 'BatchNorm2d',
      shapes: (c) => [['batch', c, 'height', 'width']],
    });
  }
}
