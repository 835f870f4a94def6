import { ValueError } from '../errors.js';
import { broadcastShapes, normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { div } from './div.js';
import { maximum } from './maximum.js';
import { mul } from './mul.js';
import { norm } from './norm.js';
import { sum } from './sum.js';

/**
 * The cosine of the angle between `x1` and `x2` along `axis` (default 1, as PyTorch):
 * Σ (x1/max(‖x1‖, eps)) · (x2/max(‖x2‖, eps)), the inputs broadcast against each other.
 * @example
 * const x1 = tensor([[1, 0], [1, 1]]);
 * const x2 = tensor([[0, 2], [2, 2]]);
 * cosineSimilarity(x1, x2); // [0, 1]
 */
export function cosineSimilarity(
  x1: Tensor,
  x2: Tensor,
  options: { axis?: number; eps?: number } = {},
): Tensor {
  expectTensor(x1, 'cosineSimilarity', 'x1');
  expectTensor(x2, 'cosineSimilarity', 'x2');
  expectFloat(x1, 'cosineSimilarity', 'x1');
  expectFloat(x2, 'cosineSimilarity', 'x2');
  const { axis = 1, eps = 1e-8 } = options;
  if (!(eps >= 0)) throw new ValueError(`cosineSimilarity: eps must be non-negative, got ${eps}`);
  const shape = broadcastShapes(x1.shape, x2.shape, 'cosineSimilarity');
  const a = normalizeAxis(axis, shape.length, 'cosineSimilarity');
  // Axes count from the end so that the broadcast's leading axes line up.
  const fromEnd = a - shape.length;
  const unit = (x: Tensor) => div(x, maximum(norm(x, 2, fromEnd, true), eps));
  return sum(mul(unit(x1), unit(x2)), fromEnd);
}
