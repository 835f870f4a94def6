import { noGrad } from '../../../autograd/grad-mode.js';
import { ShapeError, ValueError } from '../../../errors.js';
import { add } from '../../../ops/add.js';
import { expectFloat, expectTensor } from '../../../ops/convert.js';
import { mean } from '../../../ops/mean.js';
import { mul } from '../../../ops/mul.js';
import { reshape } from '../../../ops/reshape.js';
import { rsqrt } from '../../../ops/rsqrt.js';
import { square } from '../../../ops/square.js';
import { sub } from '../../../ops/sub.js';
import { full } from '../../../tensor/creation.js';
import type { DType } from '../../../tensor/dtype.js';
import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Buffer, Module, Parameter } from '../../module.js';

/** Options of {@link BatchNorm1d}. */
export interface BatchNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Learn a scale γ (starts at 1) and shift β (starts at 0) per feature (default true). */
  affine?: boolean;
  /** Keep running mean/variance for eval mode (default true); without them eval uses batch statistics. */
  trackRunningStats?: boolean;
  dtype?: DType;
}

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
export class BatchNorm1d extends Module {
  weight?: Parameter;
  bias?: Parameter;
  runningMean?: Buffer;
  runningVar?: Buffer;
  numBatchesTracked?: Buffer;
  readonly eps: number;
  readonly momentum: number;

  constructor(
    readonly numFeatures: number,
    { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, dtype }: BatchNormOptions = {},
  ) {
    super();
    if (!Number.isSafeInteger(numFeatures) || numFeatures < 1)
      throw new ValueError(`BatchNorm1d: numFeatures must be a positive integer, got ${numFeatures}`);
    if (!(momentum >= 0 && momentum <= 1))
      throw new ValueError(`BatchNorm1d: momentum must be in [0, 1], got ${momentum}`);
    this.eps = eps;
    this.momentum = momentum;
    if (affine) {
      this.weight = Parameter.from(full([numFeatures], 1, { dtype }));
      this.bias = Parameter.zeros([numFeatures], { dtype });
    }
    if (trackRunningStats) {
      this.runningMean = Buffer.zeros([numFeatures], { dtype });
      this.runningVar = Buffer.full([numFeatures], 1, { dtype });
      this.numBatchesTracked = Buffer.zeros([], { dtype: 'int32' });
    }
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x);
    // Statistics run over every axis but the feature axis; γ, β broadcast as [C] or [C, 1].
    const axes = x.ndim === 2 ? [0] : [0, 2];
    const perFeature = x.ndim === 2 ? [this.numFeatures] : [this.numFeatures, 1];
    let mu: Tensor;
    let variance: Tensor;
    if (this.training || !this.runningMean || !this.runningVar) {
      const count = x.size / this.numFeatures;
      if (this.training && count <= 1)
        throw new ValueError(
          `BatchNorm1d: expected more than 1 value per feature in training, got input of shape ${formatShape(x.shape)}`,
        );
      mu = mean(x, axes, true);
      variance = mean(square(sub(x, mu)), axes, true);
      if (this.training) this.updateRunningStats(mu, variance, count);
    } else {
      mu = reshape(this.runningMean, perFeature);
      variance = reshape(this.runningVar, perFeature);
    }
    let y = mul(sub(x, mu), rsqrt(add(variance, this.eps)));
    if (this.weight && this.bias)
      y = add(mul(y, reshape(this.weight, perFeature)), reshape(this.bias, perFeature));
    return y;
  }

  private updateRunningStats(mu: Tensor, variance: Tensor, count: number): void {
    const { runningMean, runningVar, numBatchesTracked } = this;
    if (!runningMean || !runningVar || !numBatchesTracked) return;
    const m = this.momentum;
    noGrad(() => {
      const unbiased = mul(variance, count / (count - 1));
      runningMean.copy_(add(mul(runningMean, 1 - m), mul(reshape(mu, [this.numFeatures]), m)));
      runningVar.copy_(add(mul(runningVar, 1 - m), mul(reshape(unbiased, [this.numFeatures]), m)));
      numBatchesTracked.copy_(add(numBatchesTracked, 1));
    });
  }

  private checkInput(x: Tensor): void {
    expectTensor(x, 'BatchNorm1d', 'x');
    expectFloat(x, 'BatchNorm1d');
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `BatchNorm1d: expected input of shape [batch, ${this.numFeatures}] or [batch, ${this.numFeatures}, length], got ${formatShape(x.shape)}`,
      );
    }
  }
}
