import { ValueError } from '../../../errors.js';
import { add } from '../../../ops/add.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
import { mul } from '../../../ops/mul.js';
import { bernoulli, tensor } from '../../../tensor/creation.js';
import { defaultGenerator, type Generator } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

// SELU's negative saturation value −λα, what a dropped unit is set to.
const SATURATION = -1.0507009873554805 * 1.6732632423543772;

/**
 * Dropout for self-normalising (SELU) networks: in training, dropped units are set to SELU's
 * saturation value α' = −λα instead of 0, and an affine map a·x + b restores zero mean and unit
 * variance for standardised inputs, with keep = 1 − p, a = (keep·(1 + p·α'²))^(−½), b = −a·α'·p.
 * The identity in eval mode. As PyTorch's `AlphaDropout`.
 * @see https://arxiv.org/abs/1706.02515 (Klambauer et al., Self-Normalizing Neural Networks)
 * @example
 * const drop = new AlphaDropout(0.2);
 * drop.forward(randn([1000])); // still mean ≈ 0, variance ≈ 1
 */
export class AlphaDropout extends Module {
  readonly generator: Generator;

  constructor(
    readonly p = 0.5,
    { generator = defaultGenerator }: { generator?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`AlphaDropout: p must be in [0, 1], got ${p}`);
    this.generator = generator;
  }

  forward(x: Tensor): Tensor {
    expectTensor(x, 'AlphaDropout', 'x');
    expectFloat(x, 'AlphaDropout');
    if (!this.training || this.p === 0) return x;
    const { p } = this;
    const keep = 1 - p;
    if (keep === 0) return mul(x, 0);
    const a = 1 / Math.sqrt(keep * (1 + p * SATURATION * SATURATION));
    const b = -a * SATURATION * p;
    const mask = bernoulli(keep, x.shape, { dtype: x.dtype, generator: this.generator });
    // a·(x·m + α'(1 − m)) + b = x·(a·m) + (a·α'(1 − m) + b): two fresh tensors, one graph node each.
    const scale = mask.data().slice();
    const shift = mask.data().slice();
    for (let i = 0; i < scale.length; i++) {
      scale[i] = a * scale[i]!;
      shift[i] = a * SATURATION * (1 - shift[i]!) + b;
    }
    const options = { shape: [...x.shape], dtype: x.dtype };
    return add(mul(x, tensor(scale, options)), tensor(shift, options));
  }
}
