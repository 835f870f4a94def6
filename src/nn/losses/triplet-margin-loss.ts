import { ValueError } from '../../errors.js';
import { add } from '../../ops/add.js';
import { clamp } from '../../ops/clamp.js';
import { checkOrder, checkVectors } from '../../ops/core/check-vectors.js';
import { minimum } from '../../ops/maximum.js';
import { type PairwiseDistanceOptions, pairwiseDistance } from '../../ops/pairwise-distance.js';
import { sub } from '../../ops/sub.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type Reduction, reduceLoss } from './reduction.js';

export interface TripletMarginLossOptions {
  /** How far the negative must sit beyond the positive (default 1). */
  margin?: number;
  /** The norm order of the distance (default 2). */
  p?: number;
  /** Added inside the distance, as in {@link pairwiseDistance} (default 1e-6). */
  eps?: number;
  /** Use the positive–negative distance when it is smaller than the anchor–negative one (default false). */
  swap?: boolean;
  reduction?: Reduction;
}

/**
 * The triplet loss of FaceNet: max(0, d(a, p) − d(a, n) + margin) per triplet, with d the
 * p-norm {@link pairwiseDistance}: an anchor's encoding must be closer to a positive (same
 * identity) than to a negative by the margin. With `swap`, d(a, n) becomes min(d(a, n), d(p, n))
 * (the distance swap of Balntas et al.). The same as PyTorch's `triplet_margin_loss`.
 * @see https://arxiv.org/abs/1503.03832
 * @example
 * const anchor = tensor([[0, 0]]);
 * const positive = tensor([[0, 1]]);
 * const negative = tensor([[0, 1.5]]);
 * tripletMarginLoss(anchor, positive, negative, { eps: 0 }); // max(0, 1 − 1.5 + 1) = 0.5
 */
export function tripletMarginLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  options: TripletMarginLossOptions = {},
): Tensor {
  const { margin = 1, p = 2, eps = 1e-6, swap = false } = options;
  if (!Number.isFinite(margin))
    throw new ValueError(`tripletMarginLoss: margin must be a finite number, got ${margin}`);
  checkVectors(anchor, positive, 'tripletMarginLoss', ['anchor', 'positive']);
  checkVectors(anchor, negative, 'tripletMarginLoss', ['anchor', 'negative']);
  checkOrder(p, 'tripletMarginLoss');
  const distance: PairwiseDistanceOptions = { p, eps };
  const dPos = pairwiseDistance(anchor, positive, distance);
  let dNeg = pairwiseDistance(anchor, negative, distance);
  if (swap) dNeg = minimum(dNeg, pairwiseDistance(positive, negative, distance));
  return reduceLoss(clamp(add(sub(dPos, dNeg), margin), 0), options, 'tripletMarginLoss');
}
