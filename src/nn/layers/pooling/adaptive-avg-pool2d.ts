import { adaptiveAvgPool2d } from '../../../ops/adaptive-avg-pool2d.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Average pooling to a fixed `[outHeight, outWidth]` whatever the input size (see the
 * `adaptiveAvgPool2d` op): what lets torchvision-style networks take small inputs.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.AdaptiveAvgPool2d.html
 * @example
 * const x = randn([2, 16, 1, 1]);
 * new AdaptiveAvgPool2d([7, 7]).forward(x).shape; // => [2, 16, 7, 7]
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | readonly (number | null)[]) {
    super();
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}
