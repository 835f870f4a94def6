import { noGrad } from '../../../autograd/grad-mode.js';
import { ShapeError, ValueError } from '../../../errors.js';
import { add } from '../../../ops/add.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
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

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d}. */
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

/** How a concrete batch norm names itself and which input ranks it takes. */
export interface BatchNormLayout {
  /** The layer's name, for messages (`BatchNorm2d`). */
  name: string;
  /** The accepted input ranks (features always on axis 1). */
  ranks: readonly number[];
  /** The accepted shapes, for messages, with C standing for numFeatures. */
  describe: (c: number) => string;
}

/**
 * The shared machinery of every batch normalization: per-feature (axis 1) statistics over all
 * other axes, γ and β, running estimates. Subclasses only name themselves and the ranks they
 * take, so BatchNorm1d and BatchNorm2d cannot drift apart.
 * @see https://arxiv.org/abs/1502.03167
 * @example
 * class BatchNorm2d extends BatchNormBase {
 *   constructor(c: number) {
 *     super(c, {}, { name: 'BatchNorm2d', ranks: [4], describe: (c) => `[batch, ${c}, height, width]` });
 *   }
 * }
 */
export abstract class BatchNormBase extends Module {
  weight?: Parameter;
  bias?: Parameter;
  runningMean?: Buffer;
  runningVar?: Buffer;
  numBatchesTracked?: Buffer;
  readonly eps: number;
  readonly momentum: number;

  constructor(
    readonly numFeatures: number,
    { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, dtype }: BatchNormOptions,
    private readonly layout: BatchNormLayout,
  ) {
    super();
    const name = layout.name;
    if (!Number.isSafeInteger(numFeatures) || numFeatures < 1)
      throw new ValueError(`${name}: numFeatures must be a positive integer, got ${numFeatures}`);
    if (!(momentum >= 0 && momentum <= 1))
      throw new ValueError(`${name}: momentum must be in [0, 1], got ${momentum}`);
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
    // Statistics run over every axis but the feature axis; γ, β broadcast as [C, 1, ...].
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const perFeature = [this.numFeatures, ...new Array<number>(x.ndim - 2).fill(1)];
    let mu: Tensor;
    let variance: Tensor;
    if (this.training || !this.runningMean || !this.runningVar) {
      const count = x.size / this.numFeatures;
      if (this.training && count <= 1)
        throw new ValueError(
          `${this.layout.name}: expected more than 1 value per feature in training, got input of shape ${formatShape(x.shape)}`,
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
      // PyTorch keeps the unbiased variance in the running estimate, while normalizing with the biased one.
      const unbiased = mul(variance, count / (count - 1));
      runningMean.copy_(add(mul(runningMean, 1 - m), mul(reshape(mu, [this.numFeatures]), m)));
      runningVar.copy_(add(mul(runningVar, 1 - m), mul(reshape(unbiased, [this.numFeatures]), m)));
      numBatchesTracked.copy_(add(numBatchesTracked, 1));
    });
  }

  private checkInput(x: Tensor): void {
    const { name, ranks, describe } = this.layout;
    expectTensor(x, name, 'x');
    expectFloat(x, name);
    if (!ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `${name}: expected input of shape ${describe(this.numFeatures)}, got ${formatShape(x.shape)}`,
      );
    }
  }
}
