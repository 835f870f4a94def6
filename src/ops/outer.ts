import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';

/**
 * The outer product `out[i][j] = a[i]·b[j]` of two 1-D tensors.
 * @example
 * outer(tensor([1, 2]), tensor([3, 4, 5])); // => [[3, 4, 5], [6, 8, 10]]
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, 'outer', 'a');
  expectTensor(b, 'outer', 'b');
  if (a.ndim !== 1 || b.ndim !== 1)
    throw new ShapeError(
      `outer: a and b must be 1-D, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  return mul(reshape(a, [a.shape[0]!, 1]), reshape(b, [1, b.shape[0]!]));
}
