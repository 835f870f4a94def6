import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { expectTensor } from './core/convert.js';
import { positions, type Window2dOptions, window2d } from './core/window-2d.js';
import { narrow, select } from './narrow.js';
import { pad } from './pad.js';
import { reshape } from './reshape.js';

/** Spreads a block [N, C, oh, ow] to every stride-th pixel: [N, C, (oh−1)·sh + 1, (ow−1)·sw + 1]. */
function spread(block: Tensor, [sh, sw]: [number, number]): Tensor {
  if (sh === 1 && sw === 1) return block;
  const [n, c, oh, ow] = block.shape as [number, number, number, number];
  const gaps = pad(reshape(block, [n, c, oh, 1, ow, 1]), [0, sw - 1, 0, 0, 0, sh - 1]);
  const dense = reshape(gaps, [n, c, oh * sh, ow * sw]);
  return narrow(narrow(dense, 2, 0, (oh - 1) * sh + 1), 3, 0, (ow - 1) * sw + 1);
}

/**
 * col2im, the adjoint of {@link unfold}: columns [N, C·kh·kw, L] are summed back into an image
 * [N, C, H, W] of `outputSize` = [H, W], entries of overlapping windows adding up (PyTorch's
 * `F.fold`). fold(unfold(x)) multiplies each pixel by the number of windows covering it.
 * Differentiable (built from pads and adds).
 * @example
 * const cols = ones([1, 4, 4]);
 * fold(cols, [3, 3], 2); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 */
export function fold(
  cols: Tensor,
  outputSize: readonly [number, number],
  kernelSize: number | readonly [number, number],
  options: Window2dOptions = {},
): Tensor {
  expectTensor(cols, 'fold', 'cols');
  const w = window2d(kernelSize, options, 'fold');
  const [h, wd] = outputSize;
  const oh = positions(h, w, 0, 'fold');
  const ow = positions(wd, w, 1, 'fold');
  const taps = w.kernel[0] * w.kernel[1];
  if (cols.ndim !== 3 || cols.shape[1]! % taps !== 0 || cols.shape[2] !== oh * ow)
    throw new ShapeError(
      `fold: cols must be [N, C·${taps}, ${oh * ow}] for output ${h}×${wd} and kernel ${w.kernel.join('×')}, got ${formatShape(cols.shape)}`,
    );
  const [n, ck] = cols.shape as [number, number];
  const blocks = reshape(cols, [n, ck / taps, taps, oh, ow]);
  const [ph, pw] = w.padding;
  const [hp, wp] = [h + 2 * ph, wd + 2 * pw];
  let out: Tensor | undefined;
  for (let i = 0; i < w.kernel[0]; i++)
    for (let j = 0; j < w.kernel[1]; j++) {
      const block = spread(select(blocks, 2, i * w.kernel[1] + j), w.stride);
      const [top, left] = [i * w.dilation[0], j * w.dilation[1]];
      const placed = pad(block, [left, wp - left - block.shape[3]!, top, hp - top - block.shape[2]!]);
      out = out ? add(out, placed) : placed;
    }
  return narrow(narrow(out!, 2, ph, h), 3, pw, wd);
}
