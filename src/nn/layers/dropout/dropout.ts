import { ValueError } from '../../../errors.js';
import { expectFloat, expectTensor } from '../../../ops/convert.js';
import { mul } from '../../../ops/mul.js';
import { bernoulli } from '../../../tensor/creation.js';
import { defaultGenerator, type Generator } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Inverted dropout: in training each element is kept with probability keep = 1 − p (the course's
 * keep_prob) and scaled by 1/keep, so the expected activation is unchanged and evaluation needs
 * no rescaling; in eval mode it is the identity. p = 1 zeroes everything.
 * @see https://jmlr.org/papers/v15/srivastava14a.html
 * @example
 * const drop = new Dropout(0.5);
 * drop.forward(ones([4])); // some 0s, the rest 2s
 * drop.eval().forward(ones([4])); // => [1, 1, 1, 1]
 */
export class Dropout extends Module {
  readonly generator: Generator;

  constructor(
    readonly p = 0.5,
    { generator = defaultGenerator }: { generator?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p must be in [0, 1], got ${p}`);
    this.generator = generator;
  }

  forward(x: Tensor): Tensor {
    expectTensor(x, 'Dropout', 'x');
    expectFloat(x, 'Dropout');
    if (!this.training || this.p === 0) return x;
    const keep = 1 - this.p;
    const mask = bernoulli(keep, x.shape, { dtype: x.dtype, generator: this.generator });
    // Scale the mask rather than the output: one pass over a fresh tensor that records no graph.
    if (keep > 0) {
      const data = mask.data();
      for (let i = 0; i < data.length; i++) data[i]! /= keep;
    }
    return mul(x, mask);
  }
}
