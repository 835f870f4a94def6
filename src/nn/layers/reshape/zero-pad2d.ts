import { ValueError } from '../../../errors.js';
import { pad } from '../../../ops/pad.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Pads the height and width of `[batch, channels, height, width]` with zeros: `padding` is one
 * width for every side or `[left, right, top, bottom]` (PyTorch's order); negative values crop.
 * @see https://pytorch.org/docs/stable/generated/torch.nn.ZeroPad2d.html
 * @example
 * new ZeroPad2d(1).forward(ones([1, 1, 2, 2])).shape; // => [1, 1, 4, 4]
 */
export class ZeroPad2d extends Module {
  readonly padding: readonly [number, number, number, number];

  constructor(padding: number | readonly [number, number, number, number]) {
    super();
    const p = typeof padding === 'number' ? [padding, padding, padding, padding] : padding;
    if (!Array.isArray(p) || p.length !== 4 || !p.every((v) => Number.isSafeInteger(v)))
      throw new ValueError(
        `ZeroPad2d: padding must be an integer or [left, right, top, bottom], got ${JSON.stringify(padding)}`,
      );
    this.padding = [p[0]!, p[1]!, p[2]!, p[3]!];
  }

  forward(x: Tensor): Tensor {
    return pad(x, this.padding);
  }
}
