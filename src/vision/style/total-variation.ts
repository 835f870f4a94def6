import { abs, add, ShapeError, sub, sum, type Tensor } from '../../index.js';
import { checkFloat } from './check-activation.js';

/**
 * The total variation of images [..., H, W]: Σ |x[i+1, j] − x[i, j]| + Σ |x[i, j+1] − x[i, j]|
 * over all pixels and channels (the anisotropic L1 form, as TensorFlow's `total_variation`,
 * summed over the batch too). Added to style transfer's cost with a small weight, it smooths
 * away high-frequency noise. Differentiable.
 * @see https://www.tensorflow.org/api_docs/python/tf/image/total_variation
 * @example
 * const x = tensor([[[0, 1], [2, 4]]]);
 * totalVariation(x); // vertical |2−0| + |4−1| = 5, horizontal |1−0| + |4−2| = 3 → 8
 */
export function totalVariation(x: Tensor): Tensor {
  if (x === null || typeof x !== 'object' || !('shape' in x) || x.ndim < 2)
    throw new ShapeError(
      `totalVariation: x must have at least 2 axes [..., H, W], got ${x && 'shape' in x ? `[${x.shape.join(', ')}]` : typeof x}`,
    );
  checkFloat(x, 'totalVariation', 'x');
  const h = x.shape.at(-2)!;
  const w = x.shape.at(-1)!;
  const down = h > 1 ? sum(abs(sub(x.narrow(-2, 1, h - 1), x.narrow(-2, 0, h - 1)))) : sum(x.mul(0));
  const right = w > 1 ? sum(abs(sub(x.narrow(-1, 1, w - 1), x.narrow(-1, 0, w - 1)))) : sum(x.mul(0));
  return add(down, right);
}
