import { ValueError } from '../../../errors.js';
import { dropout2d } from '../../../ops/dropout.js';
import { defaultGenerator, type Generator } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Channel dropout for `[batch, channels, height, width]`: in training each whole channel of each
 * sample is zeroed with probability p and the kept ones are scaled by 1/(1 − p) (inverted
 * dropout). Neighbouring pixels are strongly correlated, so dropping single pixels barely
 * regularizes a convolutional net; dropping feature maps does. Identity in eval mode.
 * @see https://arxiv.org/abs/1411.4280
 * @example
 * const drop = new Dropout2d(0.5);
 * drop.forward(ones([1, 4, 2, 2])); // each of the 4 channels is all 0s or all 2s
 */
export class Dropout2d extends Module {
  readonly generator: Generator;

  constructor(
    readonly p = 0.5,
    { generator = defaultGenerator }: { generator?: Generator } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout2d: p must be in [0, 1], got ${p}`);
    this.generator = generator;
  }

  forward(x: Tensor): Tensor {
    return dropout2d(x, this.p, { training: this.training, generator: this.generator });
  }
}
