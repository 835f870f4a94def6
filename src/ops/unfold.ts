import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { stack } from './cat.js';
import { expectTensor } from './core/convert.js';
import { positions, type Window2dOptions, window2d } from './core/window-2d.js';
import { indexSelect } from './index-select.js';
import { pad } from './pad.js';
import { reshape } from './reshape.js';

/**
 * im2col as a differentiable op: every kh×kw window of x [N, C, H, W] becomes a column, giving
 * [N, C·kh·kw, L] with L the number of windows, row c·kh·kw + i·kw + j holding tap (i, j) of
 * channel c (PyTorch's `F.unfold`). Built from padding, index selections and a stack, so its
 * gradient is theirs (it scatters back like {@link fold}).
 * @example
 * const x = arange(9).reshape([1, 1, 3, 3]);
 * unfold(x, 2).shape; // [1, 4, 4]: four 2×2 windows
 */
export function unfold(
  x: Tensor,
  kernelSize: number | readonly [number, number],
  options: Window2dOptions = {},
): Tensor {
  expectTensor(x, 'unfold', 'x');
  if (x.ndim !== 4) throw new ShapeError(`unfold: x must be [N, C, H, W], got ${formatShape(x.shape)}`);
  const w = window2d(kernelSize, options, 'unfold');
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const oh = positions(h, w, 0, 'unfold');
  const ow = positions(wd, w, 1, 'unfold');
  const [ph, pw] = w.padding;
  const padded = ph > 0 || pw > 0 ? pad(x, [pw, pw, ph, ph]) : x;
  // Tap (i, j) reads rows i·dh + a·sh and columns j·dw + b·sw of the padded input.
  const every = (start: number, count: number, step: number): Tensor =>
    tensor(Int32Array.from({ length: count }, (_, k) => start + k * step));
  const taps: Tensor[] = [];
  for (let i = 0; i < w.kernel[0]; i++) {
    const rows = indexSelect(padded, 2, every(i * w.dilation[0], oh, w.stride[0]));
    for (let j = 0; j < w.kernel[1]; j++)
      taps.push(indexSelect(rows, 3, every(j * w.dilation[1], ow, w.stride[1])));
  }
  return reshape(stack(taps, 2), [n, c * taps.length, oh * ow]);
}
