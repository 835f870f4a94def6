import { ShapeError, ValueError } from '../../errors.js';
import { add } from '../../ops/add.js';
import { clamp } from '../../ops/clamp.js';
import { checkVectors } from '../../ops/core/check-vectors.js';
import { mul } from '../../ops/mul.js';
import { pairwiseDistance } from '../../ops/pairwise-distance.js';
import { square } from '../../ops/square.js';
import { sub } from '../../ops/sub.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type Reduction, reduceLoss } from './reduction.js';

/**
 * The contrastive loss of Hadsell, Chopra and LeCun over pairs of encodings x1, x2 [N, D] with
 * y = 1 for a same-identity pair and y = 0 for a different one: ½·y·d² + ½·(1 − y)·max(0, margin − d)²,
 * d = ‖x1 − x2 + eps‖₂. Similar pairs are pulled together; dissimilar pairs are pushed out to the
 * margin and then left alone. (PyTorch has no such function; this follows the paper.)
 * @see http://yann.lecun.com/exdb/publis/pdf/hadsell-chopra-lecun-06.pdf
 * @example
 * const x1 = tensor([[0, 0], [0, 0]]);
 * const x2 = tensor([[0, 1], [0, 0.5]]);
 * contrastiveLoss(x1, x2, tensor([1, 0]), { margin: 1, eps: 0, reduction: 'none' }); // [0.5, 0.125]
 */
export function contrastiveLoss(
  x1: Tensor,
  x2: Tensor,
  target: Tensor,
  options: { margin?: number; eps?: number; reduction?: Reduction } = {},
): Tensor {
  const { margin = 1, eps = 1e-6 } = options;
  if (!(margin > 0)) throw new ValueError(`contrastiveLoss: margin must be positive, got ${margin}`);
  checkVectors(x1, x2, 'contrastiveLoss');
  const d = pairwiseDistance(x1, x2, { eps });
  const y = target.cast(d.dtype);
  if (y.ndim !== d.ndim || y.shape.some((s, i) => s !== d.shape[i]))
    throw new ShapeError(
      `contrastiveLoss: target must have shape [${d.shape.join(', ')}] (one per pair), got [${target.shape.join(', ')}]`,
    );
  const similar = mul(y, square(d));
  const dissimilar = mul(sub(1, y), square(clamp(sub(margin, d), 0)));
  return reduceLoss(mul(add(similar, dissimilar), 0.5), options, 'contrastiveLoss');
}
