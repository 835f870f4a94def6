import { noGrad } from '../autograd/grad-mode.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { cast } from './cast.js';
import { clamp } from './clamp.js';
import { eq, ge, le } from './compare.js';
import { expectTensor } from './core/convert.js';
import { div } from './div.js';
import { expand } from './expand.js';
import { floor } from './floor.js';
import { gather } from './gather.js';
import { mul } from './mul.js';
import { select } from './narrow.js';
import { reshape } from './reshape.js';
import { round } from './round.js';
import { unsqueeze } from './squeeze.js';
import { sub } from './sub.js';
import { where } from './where.js';

export interface GridSampleOptions {
  /** 'bilinear' blends the four nearest pixels (default); 'nearest' takes the closest (halves to even). */
  mode?: 'bilinear' | 'nearest';
  /** What points outside the image read: 'zeros' (default), the 'border' pixel, or the image mirrored ('reflection'). */
  paddingMode?: 'zeros' | 'border' | 'reflection';
}

/** Mirrors pixel coordinates into [−0.5, size − 0.5] (the image's edges), then into [0, size − 1]. */
function reflect(coord: Tensor, size: number): Tensor {
  const distance = abs(add(coord, 0.5));
  const flips = noGrad(() => floor(div(distance, size)));
  const extra = sub(distance, mul(flips, size));
  const even = noGrad(() => eq(sub(flips, mul(floor(div(flips, 2)), 2)), 0));
  return clamp(where(even, sub(extra, 0.5), sub(size - 0.5, extra)), 0, size - 1);
}

/** The values of x [N, C, H·W] at integer pixel coordinates [N, Ho, Wo]; 0 outside the image. */
function pixelsAt(flat: Tensor, yi: Tensor, xi: Tensor, h: number, w: number): Tensor {
  const [n, c] = flat.shape as [number, number];
  const [ho, wo] = yi.shape.slice(1) as [number, number];
  const { index, inside } = noGrad(() => {
    const inside = cast(mul(mul(ge(xi, 0), le(xi, w - 1)), mul(ge(yi, 0), le(yi, h - 1))), flat.dtype);
    const linear = add(mul(clamp(yi, 0, h - 1), w), clamp(xi, 0, w - 1));
    const index = expand(reshape(cast(linear, 'int32'), [n, 1, ho * wo]), [n, c, ho * wo]).contiguous();
    return { index, inside };
  });
  return mul(reshape(gather(flat, 2, index), [n, c, ho, wo]), unsqueeze(inside, 1));
}

function checkInputs(x: Tensor, grid: Tensor, options: GridSampleOptions): void {
  expectTensor(x, 'gridSample', 'x');
  expectTensor(grid, 'gridSample', 'grid');
  if (x.dtype !== grid.dtype || (x.dtype !== 'float32' && x.dtype !== 'float64'))
    throw new DTypeError(`gridSample: x and grid must share a float dtype, got ${x.dtype} and ${grid.dtype}`);
  if (x.ndim !== 4 || grid.ndim !== 4 || grid.shape[3] !== 2 || grid.shape[0] !== x.shape[0])
    throw new ShapeError(
      `gridSample: x must be [N, C, H, W] and grid [N, Ho, Wo, 2], got ${formatShape(x.shape)} and ${formatShape(grid.shape)}`,
    );
  const { mode = 'bilinear', paddingMode = 'zeros' } = options;
  if (mode !== 'bilinear' && mode !== 'nearest')
    throw new ValueError(`gridSample: mode must be 'bilinear' or 'nearest', got '${String(mode)}'`);
  if (!['zeros', 'border', 'reflection'].includes(paddingMode))
    throw new ValueError(
      `gridSample: paddingMode must be 'zeros', 'border' or 'reflection', got '${String(paddingMode)}'`,
    );
}

/**
 * Samples x [N, C, H, W] at the points of grid [N, Ho, Wo, 2], giving [N, C, Ho, Wo]: each grid
 * entry is an (x, y) location in normalized coordinates, −1 the left/top edge and +1 the
 * right/bottom edge (align_corners=False), as PyTorch's `grid_sample`. Bilinear sampling is
 * differentiable in both x and the grid (the spatial transformer's sampler); nearest only in x.
 * @see https://arxiv.org/abs/1506.02025
 * @example
 * const x = tensor([[[[0, 1], [2, 3]]]]);
 * const grid = tensor([[[[0, 0]]]]); // the image's centre
 * gridSample(x, grid); // [[[[1.5]]]]: the mean of the four pixels
 */
export function gridSample(x: Tensor, grid: Tensor, options: GridSampleOptions = {}): Tensor {
  checkInputs(x, grid, options);
  const { mode = 'bilinear', paddingMode = 'zeros' } = options;
  const [n, c, h, w] = x.shape as [number, number, number, number];
  // Pixel coordinates from normalized ones: −1 → −0.5 (the left edge of pixel 0).
  const toPixels = (g: Tensor, size: number): Tensor => {
    const p = div(sub(mul(add(g, 1), size), 1), 2);
    if (paddingMode === 'border') return clamp(p, 0, size - 1);
    if (paddingMode === 'reflection') return reflect(p, size);
    return p;
  };
  const ix = toPixels(select(grid, 3, 0), w);
  const iy = toPixels(select(grid, 3, 1), h);
  const flat = reshape(x, [n, c, h * w]);
  if (mode === 'nearest') {
    const [yr, xr] = noGrad(() => [round(iy), round(ix)]);
    return pixelsAt(flat, yr!, xr!, h, w);
  }
  const [x0, y0] = noGrad(() => [floor(ix), floor(iy)]);
  const wx1 = unsqueeze(sub(ix, x0!), 1);
  const wy1 = unsqueeze(sub(iy, y0!), 1);
  const wx0 = sub(1, wx1);
  const wy0 = sub(1, wy1);
  const [x1, y1] = noGrad(() => [add(x0!, 1), add(y0!, 1)]);
  const corner = (yi: Tensor, xi: Tensor, wy: Tensor, wx: Tensor) =>
    mul(pixelsAt(flat, yi, xi, h, w), mul(wy, wx));
  return add(
    add(corner(y0!, x0!, wy0, wx0), corner(y0!, x1!, wy0, wx1)),
    add(corner(y1!, x0!, wy1, wx0), corner(y1!, x1!, wy1, wx1)),
  );
}
