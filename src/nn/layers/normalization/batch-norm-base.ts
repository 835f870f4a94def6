import { noGrad } from '../../../autograd/grad-mode.js';
import { ValueError } from '../../../errors.js';
import { add } from '../../../ops/add.js';
import { type BatchNormOpOptions, batchNorm } from '../../../ops/batch-norm.js';
import { full } from '../../../tensor/creation.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Buffer, Module, Parameter } from '../../module.js';
import { type Axis, checkInput } from '../check-input.js';

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

/** How a concrete batch norm names itself and which input layouts it takes. */
export interface BatchNormLayout {
  /** The layer's name, for messages (`BatchNorm2d`). */
  name: string;
  /** The accepted input layouts for `c` features (always on axis 1). */
  shapes: (c: number) => readonly (readonly Axis[])[];
}

/**
 * The shared state of every batch normalization: γ and β per feature (axis 1) and the running
 * estimates, which {@link batchNorm} (the math) reads and updates. Subclasses only name themselves
 * and the ranks they take, so BatchNorm1d and BatchNorm2d cannot drift apart.
 * @see https://arxiv.org/abs/1502.03167
 * @example
 * class BatchNorm2d extends BatchNormBase {
 *   constructor(c: number) {
 *     super(c, {}, { name: 'BatchNorm2d', shapes: (c) => [['batch', c, 'height', 'width']] });
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
      // Optional as in PyTorch: files written before it existed, and some converters, leave it out.
      this.numBatchesTracked = Buffer.zeros([], { dtype: 'int32', optional: true });
    }
  }

  forward(x: Tensor): Tensor {
    return this.normalize(x, {});
  }

  /**
   * clamp(forward(x) + residual, lo, hi) as one op (batchNorm's `residual` and `clamp`: `[0,
   * Infinity]` a ReLU, finite bounds a hardTanh): the end of a conv block, one kernel pass each
   * way in training instead of three ops.
   * @example
   * const bn = new nn.BatchNorm2d(2);
   * bn.forwardClamped(randn([4, 2, 3, 3]), [0, 6]).max().item() <= 6; // => true
   */
  forwardClamped(x: Tensor, clamp: readonly [number, number], residual?: Tensor): Tensor {
    return this.normalize(x, { clamp, residual });
  }

  private normalize(x: Tensor, epilogue: Pick<BatchNormOpOptions, 'clamp' | 'residual'>): Tensor {
    this.checkInput(x);
    const { runningMean, runningVar, numBatchesTracked, weight, bias, momentum, eps } = this;
    // Without running statistics eval normalizes by the batch too (PyTorch's trackRunningStats: false).
    const y = batchNorm(x, {
      runningMean,
      runningVar,
      weight,
      bias,
      training: this.training || !runningMean,
      momentum,
      eps,
      ...epilogue,
    });
    if (this.training && numBatchesTracked) noGrad(() => numBatchesTracked.copy_(add(numBatchesTracked, 1)));
    return y;
  }

  private checkInput(x: Tensor): void {
    checkInput(this, x, { shapes: this.layout.shapes(this.numFeatures) });
  }
}
