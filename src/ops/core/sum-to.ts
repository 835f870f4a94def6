import { shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { reshape } from '../reshape.js';
import { sum } from '../sum.js';

/**
 * Sums `x` down to `shape` over the axes that broadcasting expanded: the gradient of a broadcast.
 * @example
 * sumTo(ones([2, 3]), [3]); // => [2, 2, 2]
 */
export function sumTo(x: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const off = x.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < x.ndim; i++) if (i < off || (shape[i - off] === 1 && x.shape[i] !== 1)) axes.push(i);
  return reshape(sum(x, axes), shape);
}
