import { narrow, ShapeError, type Tensor, ValueError } from '../../index.js';

/**
 * The window `[top, top + height) × [left, left + width)` of the last two axes of an image
 * `[channels, height, width]` or a batch `[batch, channels, height, width]` (a view).
 * @example
 * const image = rand([3, 4, 4]);
 * crop(image, 0, 0, 2, 2).shape; // => [3, 2, 2]
 */
export function crop(x: Tensor, top: number, left: number, height: number, width: number): Tensor {
  if (x.ndim < 2)
    throw new ShapeError(`crop: x needs height and width axes, got shape [${x.shape.join(', ')}]`);
  const h = x.shape[x.ndim - 2]!;
  const w = x.shape[x.ndim - 1]!;
  if (top < 0 || left < 0 || height < 0 || width < 0 || top + height > h || left + width > w) {
    throw new ValueError(
      `crop: window top ${top}, left ${left}, size ${height}×${width} does not fit in an image of ${h}×${w}`,
    );
  }
  return narrow(narrow(x, x.ndim - 2, top, height), x.ndim - 1, left, width);
}
