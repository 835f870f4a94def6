import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOrder, checkVectors } from './core/check-vectors.js';
import { pNormLastAxis } from './pairwise-distance.js';
import { unsqueeze } from './squeeze.js';
import { sub } from './sub.js';

/**
 * The p-norm distance between every row of `x1` [..., P, M] and every row of `x2` [..., R, M]:
 * a matrix [..., P, R] (batch axes broadcast), as PyTorch's `cdist`. The gradient at distance 0
 * is 0.
 * @example
 * const x1 = tensor([[0, 0], [1, 1]]);
 * const x2 = tensor([[3, 4]]);
 * cdist(x1, x2); // [[5], [3.6056]]
 */
export function cdist(x1: Tensor, x2: Tensor, options: { p?: number } = {}): Tensor {
  checkVectors(x1, x2, 'cdist');
  if (x1.ndim < 2 || x2.ndim < 2)
    throw new ShapeError(
      `cdist: x1 and x2 must have at least 2 axes [..., rows, features], got ${formatShape(x1.shape)} and ${formatShape(x2.shape)}`,
    );
  const { p = 2 } = options;
  checkOrder(p, 'cdist');
  return pNormLastAxis(sub(unsqueeze(x1, -2), unsqueeze(x2, -3)), p, false);
}
