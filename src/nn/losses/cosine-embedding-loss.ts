import { ShapeError, ValueError } from '../../errors.js';
import { add } from '../../ops/add.js';
import { clamp } from '../../ops/clamp.js';
import { eq } from '../../ops/compare.js';
import { div } from '../../ops/div.js';
import { mul } from '../../ops/mul.js';
import { sqrt } from '../../ops/sqrt.js';
import { sub } from '../../ops/sub.js';
import { sum } from '../../ops/sum.js';
import { where } from '../../ops/where.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPair, type Reduction, reduceLoss } from './reduction.js';

// PyTorch's constant: the squared norms get 1e-12 so that a zero vector gives cos 0, not NaN.
const EPSILON = 1e-12;

/**
 * Cosine embedding loss over rows x1, x2 [N, D] (or single vectors [D]) with targets y = ±1:
 * 1 − cos(x1, x2) for y = 1 (pull together), max(0, cos(x1, x2) − margin) for y = −1 (push
 * apart), where cos = x1·x2 / √((‖x1‖² + 1e-12)(‖x2‖² + 1e-12)). As PyTorch's
 * `cosine_embedding_loss`.
 * @example
 * const x1 = tensor([[1, 0], [1, 0]]);
 * const x2 = tensor([[1, 1], [1, 1]]);
 * cosineEmbeddingLoss(x1, x2, tensor([1, -1]), { reduction: 'none' }); // [1 − 0.7071, 0.7071]
 */
export function cosineEmbeddingLoss(
  x1: Tensor,
  x2: Tensor,
  target: Tensor,
  options: { margin?: number; reduction?: Reduction } = {},
): Tensor {
  checkPair(x1, x2, 'cosineEmbeddingLoss');
  if (
    x1.ndim < 1 ||
    x1.ndim > 2 ||
    target.ndim !== x1.ndim - 1 ||
    (x1.ndim === 2 && target.shape[0] !== x1.shape[0])
  )
    throw new ShapeError(
      `cosineEmbeddingLoss: x1 must be [N, D] with target [N] (or [D] with a scalar target), got ${formatShape(x1.shape)} and ${formatShape(target.shape)}`,
    );
  const { margin = 0 } = options;
  if (!(margin >= -1 && margin <= 1))
    throw new ValueError(`cosineEmbeddingLoss: margin must be in [-1, 1], got ${margin}`);
  const squared = (x: Tensor) => add(sum(mul(x, x), -1), EPSILON);
  const cos = div(sum(mul(x1, x2), -1), sqrt(mul(squared(x1), squared(x2))));
  const y = target.cast(x1.dtype);
  const pull = sub(1, cos);
  const push = clamp(sub(cos, margin), 0);
  // PyTorch gives 0 to targets other than ±1.
  const loss = where(eq(y, 1), pull, where(eq(y, -1), push, 0));
  return reduceLoss(loss, options, 'cosineEmbeddingLoss');
}
