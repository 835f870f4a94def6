import { matmul, ShapeError, type Tensor } from '../../index.js';
import { checkFloat } from './check-activation.js';

/**
 * The Gram matrix of feature maps: with A the features unrolled to [nC, nH·nW], G = A·Aᵀ, so
 * G[i][j] is the (unnormalized) correlation of channels i and j over all positions: the "style"
 * of an activation. [nC, nH, nW] gives [nC, nC]; a batch [N, nC, nH, nW] gives [N, nC, nC].
 * Differentiable.
 * @example
 * const features = tensor([[[1, 2]], [[3, 4]]]); // nC 2, nH 1, nW 2
 * gramMatrix(features); // [[5, 11], [11, 25]]
 */
export function gramMatrix(features: Tensor): Tensor {
  if (
    features === null ||
    typeof features !== 'object' ||
    !('shape' in features) ||
    (features.ndim !== 3 && features.ndim !== 4)
  )
    throw new ShapeError(
      `gramMatrix: features must be [nC, nH, nW] or [N, nC, nH, nW], got ${features && 'shape' in features ? `[${features.shape.join(', ')}]` : typeof features}`,
    );
  checkFloat(features, 'gramMatrix', 'features');
  const lead = features.shape.slice(0, -2);
  const a = features.reshape([...lead, features.shape.at(-2)! * features.shape.at(-1)!]);
  return matmul(a, a.transpose(-2, -1));
}
