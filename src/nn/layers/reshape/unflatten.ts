import { ShapeError } from '../../../errors.js';
import { reshape } from '../../../ops/reshape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Splits axis `axis` into `sizes` (the inverse of {@link Flatten}), as between a Linear layer and
 * a transposed-convolution decoder. As PyTorch's `nn.Unflatten`.
 * @example
 * new Unflatten(1, [2, 3]).forward(zeros([4, 6])).shape; // [4, 2, 3]
 */
export class Unflatten extends Module {
  readonly sizes: number[];

  constructor(
    readonly axis: number,
    sizes: readonly number[],
  ) {
    super();
    if (sizes.length === 0 || !sizes.every((s) => Number.isSafeInteger(s) && s > 0)) {
      throw new ShapeError(`Unflatten: sizes must be positive integers, got [${sizes.join(', ')}]`);
    }
    this.sizes = [...sizes];
  }

  forward(x: Tensor): Tensor {
    const axis = this.axis < 0 ? this.axis + x.ndim : this.axis;
    const product = this.sizes.reduce((a, b) => a * b, 1);
    if (axis < 0 || axis >= x.ndim || x.shape[axis] !== product) {
      throw new ShapeError(
        `Unflatten: axis ${this.axis} of x [${x.shape.join(', ')}] must have ${product} elements (sizes [${this.sizes.join(', ')}])`,
      );
    }
    return reshape(x, [...x.shape.slice(0, axis), ...this.sizes, ...x.shape.slice(axis + 1)]);
  }
}
