import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { matmul } from './matmul.js';

/**
 * The inner product Σ aᵢbᵢ of two 1-D tensors of one length, as a scalar.
 * @example
 * dot(tensor([1, 2, 3]), tensor([4, 5, 6])); // => 32
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, 'dot', 'a');
  expectTensor(b, 'dot', 'b');
  if (a.ndim !== 1 || b.ndim !== 1)
    throw new ShapeError(
      `dot: a and b must be 1-D, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  if (a.shape[0] !== b.shape[0])
    throw new ShapeError(`dot: a has ${a.shape[0]} elements but b has ${b.shape[0]}`);
  return matmul(a, b);
}
