import { ShapeError, ValueError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { fromData } from './core/run-kernel.js';
import { where } from './where.js';

/** A bool [rows, cols] mask of the entries with column − row ≤ k (lower) or ≥ k (upper). */
function triangle(x: Tensor, k: number, lower: boolean, op: string): Tensor {
  expectTensor(x, op, 'x');
  if (x.ndim < 2)
    throw new ShapeError(`${op}: x must have at least 2 dimensions, got shape [${x.shape.join(', ')}]`);
  if (!Number.isSafeInteger(k)) throw new ValueError(`${op}: k must be an integer, got ${k}`);
  const rows = x.shape[x.ndim - 2]!;
  const cols = x.shape[x.ndim - 1]!;
  const mask = allocate('bool', rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) mask[i * cols + j] = (lower ? j - i <= k : j - i >= k) ? 1 : 0;
  }
  return fromData(mask, [rows, cols], 'bool');
}

/**
 * The lower triangle of the last two axes: entries with column − row ≤ k, zeros above.
 * @example
 * tril(tensor([[1, 2], [3, 4]])); // => [[1, 0], [3, 4]]
 */
export function tril(x: Tensor, k = 0): Tensor {
  return where(triangle(x, k, true, 'tril'), x, 0);
}

/**
 * The upper triangle of the last two axes: entries with column − row ≥ k, zeros below.
 * @example
 * triu(tensor([[1, 2], [3, 4]])); // => [[1, 2], [0, 4]]
 */
export function triu(x: Tensor, k = 0): Tensor {
  return where(triangle(x, k, false, 'triu'), x, 0);
}
