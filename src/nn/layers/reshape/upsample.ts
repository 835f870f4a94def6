import { ValueError } from '../../../errors.js';
import { type InterpolateOptions, interpolate } from '../../../ops/interpolate.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Resizes the spatial axes, nearest (default) or bilinear, to a `size` or by a `scaleFactor`
 * (see the `interpolate` op). Exactly one of the two must be given.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.Upsample.html
 * @example
 * const x = randn([2, 3, 8, 8]);
 * new Upsample({ scaleFactor: 2 }).forward(x).shape; // => [2, 3, 16, 16]
 */
export class Upsample extends Module {
  readonly options: InterpolateOptions;

  constructor(options: InterpolateOptions) {
    super();
    if ((options?.size === undefined) === (options?.scaleFactor === undefined))
      throw new ValueError('Upsample: give exactly one of size and scaleFactor');
    this.options = { ...options };
  }

  forward(x: Tensor): Tensor {
    return interpolate(x, this.options);
  }
}
