import { ShapeError } from '../errors.js';
import { formatShape, normalizeAxes, normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { reshape } from './reshape.js';

/**
 * Removes size-1 axes (all of them, or the ones named). A view.
 * @example
 * squeeze(zeros([2, 1, 3])).shape; // => [2, 3]
 */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  expectTensor(x, 'squeeze', 'x');
  const axes =
    axis === undefined
      ? x.shape.flatMap((s, i) => (s === 1 ? [i] : []))
      : normalizeAxes(axis, x.ndim, 'squeeze');
  for (const a of axes) {
    if (x.shape[a] !== 1)
      throw new ShapeError(
        `squeeze: axis ${a} has size ${x.shape[a]}, expected 1 (shape ${formatShape(x.shape)})`,
      );
  }
  return reshape(
    x,
    x.shape.filter((_, i) => !axes.includes(i)),
  );
}

/**
 * Inserts a size-1 axis at `axis` (−1 appends). A view.
 * @example
 * unsqueeze(zeros([2, 3]), 0).shape; // => [1, 2, 3]
 */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  expectTensor(x, 'unsqueeze', 'x');
  const a = normalizeAxis(axis, x.ndim + 1, 'unsqueeze');
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}
