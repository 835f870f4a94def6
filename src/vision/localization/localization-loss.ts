import type { Tensor } from '../../index.js';
import { type PresenceLossOptions, presenceLoss } from './presence-loss.js';

/**
 * The course's object localization loss on outputs and targets [N, 5 + K] laid out as
 * y = [p_c, bx, by, bh, bw, c₁ … c_K] (p_c: is there an object; bx, by the box centre and bh, bw
 * its height and width, as fractions of the image; c one-hot in the target), averaged over N.
 * 'squared' (default): Σᵢ (ŷᵢ − yᵢ)² over all 5 + K terms if p_c = 1, else (ŷ₁ − y₁)² only.
 * 'mixed': BCE(ŷ₁ logit, p_c) + p_c · [Σ box (ŷ − y)² + cross-entropy(class logits, class)].
 * `coordWeight` λ multiplies the box's squared errors in both (default 1).
 * @example
 * const output = tensor([[0.5, 0.2, 0.3, 0.4, 0.6, 1, 0]]);
 * const target = tensor([[1, 0.5, 0.5, 0.5, 0.5, 1, 0]]);
 * // 0.25 + 0.09 + 0.04 + 0.01 + 0.01 + 0 + 0:
 * localizationLoss(output, target).item(); // => 0.4
 */
export function localizationLoss(output: Tensor, target: Tensor, options: PresenceLossOptions = {}): Tensor {
  const classes = output?.shape?.[1] === undefined ? 0 : Math.max(0, output.shape[1]! - 5);
  return presenceLoss(output, target, 4, classes, options, 'localizationLoss');
}
