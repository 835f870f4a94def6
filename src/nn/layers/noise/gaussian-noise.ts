import { ValueError } from '../../../errors.js';
import { add } from '../../../ops/add.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
import { randn } from '../../../tensor/creation.js';
import { defaultGenerator, type Generator } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Adds zero-mean Gaussian noise of standard deviation `stddev` in training (a regulariser, and the
 * corruption of a denoising autoencoder); the identity in eval mode.
 * @see https://keras.io/api/layers/regularization_layers/gaussian_noise/
 * @example
 * const noise = new GaussianNoise(0.1);
 * noise.forward(zeros([3])); // three draws of N(0, 0.01)
 * noise.eval().forward(zeros([3])); // [0, 0, 0]
 */
export class GaussianNoise extends Module {
  readonly generator: Generator;

  constructor(
    readonly stddev: number,
    { generator = defaultGenerator }: { generator?: Generator } = {},
  ) {
    super();
    if (!(stddev >= 0 && Number.isFinite(stddev))) {
      throw new ValueError(`GaussianNoise: stddev must be a finite number ≥ 0, got ${stddev}`);
    }
    this.generator = generator;
  }

  forward(x: Tensor): Tensor {
    expectTensor(x, 'GaussianNoise', 'x');
    expectFloat(x, 'GaussianNoise');
    if (!this.training || this.stddev === 0) return x;
    return add(x, randn(x.shape, { std: this.stddev, dtype: x.dtype, generator: this.generator }));
  }
}
