import type { Tensor } from '../../index.js';
import { type PresenceLossOptions, presenceLoss } from './presence-loss.js';

/**
 * The course's landmark detection loss on outputs and targets [N, 1 + 2k] laid out as
 * [p_c, l₁x, l₁y, …, l_kx, l_ky] (p_c: is the object there; landmark coordinates as fractions
 * of the image), averaged over N. 'squared' (default): Σᵢ (ŷᵢ − yᵢ)² over all terms if p_c = 1,
 * else (ŷ₁ − y₁)²; 'mixed': BCE(ŷ₁ logit, p_c) + p_c · Σ (ŷ − y)² over the coordinates.
 * The points must keep one order in every label (l₁ is always the same eye corner).
 * @example
 * const output = tensor([[2, 0.1, 0.2, 0.7, 0.2]]); // p_c logit, two points
 * const target = tensor([[1, 0.3, 0.2, 0.7, 0.4]]);
 * // (2 − 1)² + 0.2² + 0.2²:
 * landmarkLoss(output, target).item(); // => 1.08
 */
export function landmarkLoss(output: Tensor, target: Tensor, options: PresenceLossOptions = {}): Tensor {
  const width = output?.shape?.[1] ?? 1;
  // An even width cannot hold p_c and pairs: presenceLoss reports it against the next odd one.
  const coords = 2 * Math.floor((width - 1) / 2);
  return presenceLoss(output, target, coords, 0, options, 'landmarkLoss');
}
