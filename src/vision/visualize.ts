import {
  cat,
  clamp,
  div,
  full,
  interpolate,
  max,
  min,
  noGrad,
  pad,
  reshape,
  ShapeError,
  select,
  squeeze,
  stack,
  sub,
  type Tensor,
  unsqueeze,
  ValueError,
} from '../index.js';
import { writeImage } from './image-io.js';

export interface GridOptions {
  /** Images per row (default 8). */
  nrow?: number;
  /** Pixels of `padValue` between images and around the grid (default 2). */
  padding?: number;
  /** The value of the padding pixels (default 0, black). */
  padValue?: number;
  /** Stretch values to [0, 1] by min–max (default false). */
  normalize?: boolean;
  /** With `normalize`: each image by its own min and max instead of the whole batch's (default false). */
  scaleEach?: boolean;
  /** With `normalize`: map this [low, high] to [0, 1] (clamping) instead of the observed min and max. */
  valueRange?: readonly [number, number];
}

/** (x − low) / (high − low) after clamping to [low, high]; a constant image becomes 0. */
function stretch(x: Tensor, range: readonly [number, number] | undefined): Tensor {
  const low = range ? range[0] : min(x).item();
  const high = range ? range[1] : max(x).item();
  return div(sub(clamp(x, low, high), low), Math.max(high - low, 1e-5));
}

function checkGridOptions(nrow: number, padding: number): void {
  if (!Number.isSafeInteger(nrow) || nrow < 1)
    throw new ValueError(`imageGrid: nrow must be a positive integer, got ${nrow}`);
  if (!Number.isSafeInteger(padding) || padding < 0)
    throw new ValueError(`imageGrid: padding must be a non-negative integer, got ${padding}`);
}

/**
 * Tiles a batch of images `[batch, channels, H, W]` into one image `[channels, H', W']`, `nrow`
 * per row with `padding` pixels between and around them, as torchvision's `make_grid`:
 * H' = rows·(H + padding) + padding and W' = min(nrow, batch)·(W + padding) + padding.
 * @example
 * const batch = rand([8, 3, 8, 8]);
 * imageGrid(batch, { nrow: 4, padding: 1, normalize: true }).shape; // => [3, 19, 37]
 */
export function imageGrid(images: Tensor, options: GridOptions = {}): Tensor {
  const batch = images.ndim === 3 ? unsqueeze(images, 0) : images;
  if (batch.ndim !== 4 || batch.shape[0] === 0) {
    throw new ShapeError(
      `imageGrid: images must be a non-empty [batch, channels, H, W], got shape [${images.shape.join(', ')}]`,
    );
  }
  const { nrow = 8, padding = 2, padValue = 0 } = options;
  checkGridOptions(nrow, padding);
  return noGrad(() => {
    const [n, channels, height, width] = batch.shape as [number, number, number, number];
    let scaled = batch;
    if (options.normalize) {
      scaled = options.scaleEach
        ? stack(Array.from({ length: n }, (_, i) => stretch(select(batch, 0, i), options.valueRange)))
        : stretch(batch, options.valueRange);
    }
    const columns = Math.min(nrow, n);
    const rows: Tensor[] = [];
    for (let r = 0; r * columns < n; r++) {
      const cells: Tensor[] = [];
      for (let c = 0; c < columns; c++) {
        const i = r * columns + c;
        // Each cell carries the padding above and left of its image; the grid adds the last strip.
        cells.push(
          i < n
            ? pad(select(scaled, 0, i), [padding, 0, padding, 0], { value: padValue })
            : full([channels, height + padding, width + padding], padValue, { dtype: batch.dtype }),
        );
      }
      rows.push(cat(cells, 2));
    }
    return pad(cat(rows, 1), [0, padding, 0, padding], { value: padValue });
  });
}

/**
 * Shows learned convolution filters `[out, in, kh, kw]` (usually the first layer's) as one image:
 * colour filters when `in` is 3 (or gray when 1), otherwise every input channel of every filter
 * as a gray tile, one filter per row. Each tile is min–max normalized on its own, because the
 * course reads filters by their pattern (edges, colour blobs), not their scale.
 * @example
 * const conv1 = new nn.Conv2d(3, 16, 5); // AlexNet's first layer has 96 11×11 colour filters
 * writeImage('filters.png', filtersGrid(conv1.weight)); // a 4×4 square of 5×5 colour tiles
 */
export function filtersGrid(weight: Tensor, options: GridOptions = {}): Tensor {
  if (weight.ndim !== 4)
    throw new ShapeError(
      `filtersGrid: weight must be [out, in, kh, kw], got shape [${weight.shape.join(', ')}]`,
    );
  const [out, inChannels, kh, kw] = weight.shape as [number, number, number, number];
  const colour = inChannels === 3 || inChannels === 1;
  const tiles = colour ? weight : reshape(weight, [out * inChannels, 1, kh, kw]);
  const nrow = colour ? Math.ceil(Math.sqrt(out)) : inChannels;
  return imageGrid(tiles, { nrow, padding: 1, normalize: true, scaleEach: true, ...options });
}

/**
 * Shows the channels of one feature map `[channels, H, W]` (or `[1, channels, H, W]`) as a square
 * of gray tiles, each min–max normalized, to see which features a layer detects in an image.
 * @example
 * const features = new nn.Conv2d(3, 8, 3).forward(rand([1, 3, 16, 16]));
 * writeImage('conv2.png', activationGrid(features)); // one tile per channel
 */
export function activationGrid(featureMap: Tensor, options: GridOptions = {}): Tensor {
  const map = featureMap.ndim === 4 && featureMap.shape[0] === 1 ? squeeze(featureMap, 0) : featureMap;
  if (map.ndim !== 3)
    throw new ShapeError(
      `activationGrid: featureMap must be [channels, H, W] or [1, channels, H, W], got shape [${featureMap.shape.join(', ')}]`,
    );
  const [channels, height, width] = map.shape as [number, number, number];
  const tiles = reshape(map, [channels, 1, height, width]);
  return imageGrid(tiles, {
    nrow: Math.ceil(Math.sqrt(channels)),
    padding: 1,
    normalize: true,
    scaleEach: true,
    ...options,
  });
}

export interface SaveGridOptions extends GridOptions {
  /** Enlarge the grid by this integer factor, nearest neighbour, so small tiles stay visible (default 1). */
  upscale?: number;
}

/**
 * Tiles `images` with {@link imageGrid} and writes the grid to `path` as a PNG (atomically).
 * @example
 * const batch = rand([16, 3, 8, 8]);
 * saveGrid('batch.png', batch, { nrow: 8, normalize: true, upscale: 4 });
 */
export function saveGrid(path: string, images: Tensor, options: SaveGridOptions = {}): void {
  const { upscale = 1, ...gridOptions } = options;
  if (!Number.isSafeInteger(upscale) || upscale < 1)
    throw new ValueError(`saveGrid: upscale must be a positive integer, got ${upscale}`);
  let grid = imageGrid(images, gridOptions);
  if (upscale > 1) grid = noGrad(() => squeeze(interpolate(unsqueeze(grid, 0), { scaleFactor: upscale }), 0));
  writeImage(path, grid);
}
