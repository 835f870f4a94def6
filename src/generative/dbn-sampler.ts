import { noGrad, type Tensor, ValueError } from '../index.js';
import type { LabeledRBM } from './labeled-rbm.js';
import type { RBM } from './rbm.js';

function checkStack(rbms: readonly RBM[], owner: string): void {
  if (rbms.length === 0) throw new ValueError(`${owner}: needs at least one RBM`);
  for (let i = 1; i < rbms.length; i++) {
    if (rbms[i]!.nVisible !== rbms[i - 1]!.nHidden) {
      throw new ValueError(
        `${owner}: RBM ${i} has ${rbms[i]!.nVisible} visible units, RBM ${i - 1} ${rbms[i - 1]!.nHidden} hidden ones`,
      );
    }
  }
}

/**
 * The up-pass of a stack of RBMs: `data` [n, rbms[0].nVisible] through each RBM's
 * p(h = 1 | v) in turn, → [n, last nHidden]: the features a top-level RBM is trained on.
 * @example
 * const rbms = [new RBM(12, 6), new RBM(6, 4)];
 * upPass(rbms, bernoulli(0.5, [3, 12])); // [3, 4]
 */
export function upPass(rbms: readonly RBM[], data: Tensor): Tensor {
  checkStack(rbms, 'upPass');
  return noGrad(() => rbms.reduce((x, rbm) => rbm.hiddenProbs(x), data));
}

/**
 * The down-pass: top-level features `x` [n, last nHidden] through each RBM's generative weights,
 * from the top RBM of the stack to the bottom one, as probabilities: v = σ(b + Wᵀx) at each
 * layer (the mean rather than a binary sample, so the pixels carry no sampling noise) →
 * [n, rbms[0].nVisible].
 * @example
 * const rbms = [new RBM(12, 6), new RBM(6, 4)];
 * downPass(rbms, bernoulli(0.5, [3, 4])); // [3, 12]
 */
export function downPass(rbms: readonly RBM[], x: Tensor): Tensor {
  checkStack(rbms, 'downPass');
  return noGrad(() => rbms.reduceRight((h, rbm) => rbm.visibleMean(h), x));
}

export interface SampleDBNOptions {
  /** Rounds of alternating Gibbs sampling in the top-level RBM (default 1,000, as in the paper's figure 8). */
  steps?: number;
  /** Where the chains start: top-level features [n, top.nFeatures] (default: what the label alone implies, see {@link LabeledRBM.gibbsClamped}). */
  start?: Tensor;
}

/**
 * Digits dreamed by a deep belief net with the label clamped (Hinton, Osindero & Teh 2006,
 * figure 8): in the top-level associative memory `top` (a {@link LabeledRBM} over the features
 * of the stack `lower`), the label units are held at `labels` (int32 [n]) while `steps` rounds
 * of alternating Gibbs sampling run between its hidden units and its feature units; the last
 * feature probabilities then go down once through the lower RBMs' generative weights
 * ({@link downPass}) to pixel probabilities [n, lower[0].nVisible]. The lower RBMs' generative
 * weights are their recognition weights transposed, as greedy training leaves them (the paper's
 * up-down fine-tuning, which unties them, is not done here).
 * @see https://www.cs.toronto.edu/~hinton/absps/fastnc.pdf (Hinton, Osindero & Teh, A fast learning algorithm for deep belief nets, 2006, section 7)
 * @example
 * const lower = [new RBM(16, 8)];
 * const top = new LabeledRBM(8, 10, 12);
 * const images = sampleDBN(top, lower, tensor([3, 7], { dtype: 'int32' }), { steps: 10 }); // [2, 16]
 */
export function sampleDBN(
  top: LabeledRBM,
  lower: readonly RBM[],
  labels: Tensor,
  { steps = 1000, start }: SampleDBNOptions = {},
): Tensor {
  checkStack(lower, 'sampleDBN');
  const below = lower[lower.length - 1]!;
  if (below.nHidden !== top.nFeatures) {
    throw new ValueError(
      `sampleDBN: the top RBM has ${top.nFeatures} feature units, the last lower RBM ${below.nHidden} hidden ones`,
    );
  }
  return downPass(lower, top.gibbsClamped(labels, steps, start));
}
