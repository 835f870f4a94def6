import { type LocalResponseNormOptions, localResponseNorm } from '../../../ops/local-response-norm.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * AlexNet's local response normalization across channels as a layer (see the `localResponseNorm`
 * op): each channel is divided by (k + α/n · Σ squares of its n neighbours)^β.
 * @see https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks
 * @example
 * const x = randn([2, 8, 5, 5]);
 * new LocalResponseNorm(5, { alpha: 1e-4, beta: 0.75, k: 2 }).forward(x); // AlexNet's setting
 */
export class LocalResponseNorm extends Module {
  readonly options: LocalResponseNormOptions;

  constructor(size: number, options: Omit<LocalResponseNormOptions, 'size'> = {}) {
    super();
    this.options = { ...options, size };
  }

  forward(x: Tensor): Tensor {
    return localResponseNorm(x, this.options);
  }
}
