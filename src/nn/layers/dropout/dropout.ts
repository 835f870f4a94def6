import { ValueError } from '../../../errors.js';
import { dropout } from '../../../ops/dropout.js';
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
    return dropout(x, this.p, { training: this.training, generator: this.generator });
  }
}
