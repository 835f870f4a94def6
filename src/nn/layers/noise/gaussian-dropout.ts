import { ValueError } from '../../../errors.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
import { mul } from '../../../ops/mul.js';
import { randn } from '../../../tensor/creation.js';
import { defaultGenerator, type Generator } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Multiplicative Gaussian noise with mean 1 and variance p/(1 − p) in training — the variance of
 * inverted dropout with drop rate p, without zeros; the identity in eval mode. `p` is in [0, 1).
 * @see https://jmlr.org/papers/v15/srivastava14a.html (Srivastava et al., section 10)
 * @example
 * const drop = new GaussianDropout(0.5);
 * drop.forward(ones([3])); // draws of N(1, 1)
 * drop.eval().forward(ones([3])); // [1, 1, 1]
 */
export class GaussianDropout extends Module {
  readonly generator: Generator;

  constructor(
    readonly p = 0.5,
    { generator = defaultGenerator }: { generator?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p < 1)) throw new ValueError(`GaussianDropout: p must be in [0, 1), got ${p}`);
    this.generator = generator;
  }

  forward(x: Tensor): Tensor {
    expectTensor(x, 'GaussianDropout', 'x');
    expectFloat(x, 'GaussianDropout');
    if (!this.training || this.p === 0) return x;
    const std = Math.sqrt(this.p / (1 - this.p));
    return mul(x, randn(x.shape, { mean: 1, std, dtype: x.dtype, generator: this.generator }));
  }
}
