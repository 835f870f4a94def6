import { bernoulli, noGrad, type Tensor, ValueError } from '../index.js';
import type { RBM } from './rbm.js';

export interface ContrastiveDivergenceOptions {
  /** Learning rate ε (default 0.1; the guide suggests ~10⁻³ of the weights per update). */
  lr?: number;
  /** Gibbs steps per update (CD-k; default 1). */
  k?: number;
  /** Momentum of the parameter increments (default 0.5; the guide: 0.5 at first, then 0.9). */
  momentum?: number;
  /** L2 weight decay on the weights, not the biases (default 2e-4, the guide's 0.0002). */
  weightDecay?: number;
  /** Persistent CD: keep the negative chain between updates instead of restarting it at the data. */
  persistent?: boolean;
}

/**
 * Trains an {@link RBM} by contrastive divergence. One `step(v)` on a batch v₀:
 * - up: p₀ = p(h | v₀), h ~ p₀ (binary states when driven by data);
 * - k Gibbs steps, from h (CD-k) or from the persistent chain's hidden states (PCD):
 *   vᵢ = mean of p(v | h) (probabilities, for less sampling noise), hᵢ = p(h | vᵢ) (sampled except
 *   at the last step, where the probabilities are used);
 * - ΔW ← momentum·ΔW + lr·((p₀ᵀv₀ − pₖᵀvₖ)/batch − weightDecay·W), and likewise for the biases
 *   (Δb from v₀ − vₖ, Δc from p₀ − pₖ, without decay); then W ← W + ΔW.
 * A PCD chain samples its visible states (the fantasy particles must stay stochastic).
 * @see https://www.cs.toronto.edu/~hinton/absps/guideTR.pdf (Hinton, A Practical Guide to Training RBMs, sections 3, 9, 10)
 * @see https://www.cs.toronto.edu/~tijmen/pcd/pcd.pdf (Tieleman, 2008: persistent CD)
 * @example
 * const rbm = new RBM(784, 64);
 * const cd = new ContrastiveDivergence(rbm, { lr: 0.05, k: 1 });
 * cd.step(bernoulli(0.3, [10, 784])); // one update on 10 binary images; returns their reconstruction error
 */
export class ContrastiveDivergence {
  readonly lr: number;
  readonly k: number;
  momentum: number;
  readonly weightDecay: number;
  readonly persistent: boolean;
  /** The persistent chain's visible states (PCD), or null before the first step. */
  chain: Tensor | null = null;
  private readonly increments: Float64Array[];

  constructor(
    readonly rbm: RBM,
    options: ContrastiveDivergenceOptions = {},
  ) {
    const { lr = 0.1, k = 1, momentum = 0.5, weightDecay = 2e-4, persistent = false } = options;
    const check = (name: string, ok: boolean, value: unknown) => {
      if (!ok) throw new ValueError(`ContrastiveDivergence: ${name} out of range, got ${String(value)}`);
    };
    check('lr (≥ 0)', lr >= 0, lr);
    check('k (a positive integer)', Number.isSafeInteger(k) && k >= 1, k);
    check('momentum ([0, 1))', momentum >= 0 && momentum < 1, momentum);
    check('weightDecay (≥ 0)', weightDecay >= 0, weightDecay);
    this.lr = lr;
    this.k = k;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.persistent = persistent;
    this.increments = [rbm.weight, rbm.visibleBias, rbm.hiddenBias].map((p) => new Float64Array(p.size));
  }

  /**
   * One CD-k (or PCD) update from the batch v [batch, nVisible]; returns the batch's
   * reconstruction error before the update (mean squared, per element).
   * @example
   * const cd = new ContrastiveDivergence(new RBM(784, 16), { lr: 0.05 });
   * const batch = bernoulli(0.3, [4, 784]);
   * const err = cd.step(batch);
   */
  step(v0: Tensor): number {
    const { rbm, k } = this;
    if (v0.ndim !== 2 || v0.shape[1] !== rbm.nVisible) {
      throw new ValueError(
        `ContrastiveDivergence.step: v must have shape [batch, ${rbm.nVisible}], got [${v0.shape.join(', ')}]`,
      );
    }
    return noGrad(() => {
      const batch = v0.shape[0]!;
      const p0 = rbm.hiddenProbs(v0);
      let h = bernoulli(p0, undefined, { generator: rbm.generator });
      if (this.persistent) {
        if (!this.chain || this.chain.shape[0] !== batch) this.chain = v0;
        h = rbm.sampleHidden(this.chain);
      }
      let vk = v0;
      let pk = p0;
      for (let i = 0; i < k; i++) {
        vk = this.persistent ? rbm.sampleVisible(h) : rbm.visibleMean(h);
        pk = rbm.hiddenProbs(vk);
        if (i < k - 1) h = bernoulli(pk, undefined, { generator: rbm.generator });
      }
      if (this.persistent) this.chain = vk;
      const error = rbm.visibleMean(p0).sub(v0).square().mean().item(); // reuses p₀: one matmul
      const gradW = p0.transpose(0, 1).matmul(v0).sub(pk.transpose(0, 1).matmul(vk)).div(batch);
      const gradB = v0.sub(vk).mean(0);
      const gradC = p0.sub(pk).mean(0);
      this.apply(0, rbm.weight, gradW, this.weightDecay);
      this.apply(1, rbm.visibleBias, gradB, 0);
      this.apply(2, rbm.hiddenBias, gradC, 0);
      return error;
    });
  }

  // Δθ ← momentum·Δθ + lr·(g − decay·θ); θ ← θ + Δθ (in place: the RBM's parameters stay the same tensors).
  private apply(slot: number, param: Tensor, grad: Tensor, decay: number): void {
    const delta = this.increments[slot]!;
    const theta = param.data();
    const g = grad.contiguous().data();
    for (let i = 0; i < theta.length; i++) {
      delta[i] = this.momentum * delta[i]! + this.lr * (g[i]! - decay * theta[i]!);
      theta[i] = theta[i]! + delta[i]!;
    }
  }
}
