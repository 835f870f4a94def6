import {
  bernoulli,
  defaultGenerator,
  type Generator,
  nn,
  noGrad,
  randn,
  type Tensor,
  tensor,
  ValueError,
} from '../index.js';

/** The visible units: binary (pixels as probabilities) or real-valued with unit variance. */
export type VisibleUnits = 'bernoulli' | 'gaussian';

export interface RBMOptions {
  /** 'bernoulli' (default) or 'gaussian' (standardise the data to unit variance first). */
  visible?: VisibleUnits;
  /** The weights start as N(0, initStd²) (default 0.01, as the practical guide advises). */
  initStd?: number;
  generator?: Generator;
}

/**
 * A restricted Boltzmann machine: visible units v and binary hidden units h, connected only
 * across the two layers by weights W [nHidden, nVisible], with visible biases b and hidden biases
 * c. Its energy is E(v, h) = −bᵀv − cᵀh − hᵀWv for Bernoulli visible units and
 * E(v, h) = ½‖v − b‖² − cᵀh − hᵀWv for Gaussian ones (unit variance), so that
 * p(h = 1 | v) = σ(c + Wv) and p(v = 1 | h) = σ(b + Wᵀh), or v | h ~ N(b + Wᵀh, 1).
 * Train it with {@link ContrastiveDivergence}.
 * @see https://www.cs.toronto.edu/~hinton/absps/guideTR.pdf (Hinton, A Practical Guide to Training RBMs, 2010)
 * @example
 * const rbm = new RBM(784, 64);
 * const h = rbm.hiddenProbs(rand([2, 784])); // [2, 64]
 */
export class RBM extends nn.Module {
  readonly weight: nn.Parameter;
  readonly visibleBias: nn.Parameter;
  readonly hiddenBias: nn.Parameter;
  readonly visible: VisibleUnits;
  readonly generator: Generator;

  constructor(
    readonly nVisible: number,
    readonly nHidden: number,
    options: RBMOptions = {},
  ) {
    super();
    const { visible = 'bernoulli', initStd = 0.01, generator = defaultGenerator } = options;
    for (const [name, n] of [
      ['nVisible', nVisible],
      ['nHidden', nHidden],
    ] as const) {
      if (!Number.isSafeInteger(n) || n <= 0)
        throw new ValueError(`RBM: ${name} must be a positive integer, got ${n}`);
    }
    if (visible !== 'bernoulli' && visible !== 'gaussian') {
      throw new ValueError(`RBM: visible must be 'bernoulli' or 'gaussian', got ${JSON.stringify(visible)}`);
    }
    if (!(initStd >= 0)) throw new ValueError(`RBM: initStd must be ≥ 0, got ${initStd}`);
    this.visible = visible;
    this.generator = generator;
    this.weight = nn.Parameter.from(randn([nHidden, nVisible], { std: initStd, generator }));
    this.visibleBias = nn.Parameter.zeros([nVisible]);
    this.hiddenBias = nn.Parameter.zeros([nHidden]);
  }

  private checkVisible(v: Tensor, op: string): void {
    if (v.ndim !== 2 || v.shape[1] !== this.nVisible) {
      throw new ValueError(
        `RBM.${op}: v must have shape [batch, ${this.nVisible}], got [${v.shape.join(', ')}]`,
      );
    }
  }

  /** The hidden probabilities, the RBM as a feature extractor (see {@link hiddenProbs}). */
  forward(v: Tensor): Tensor {
    return this.hiddenProbs(v);
  }

  /**
   * p(h = 1 | v) = σ(c + vWᵀ) for a batch v [batch, nVisible] → [batch, nHidden].
   * @example
   * const rbm = new RBM(6, 3);
   * const v = bernoulli(0.5, [2, 6]);
   * rbm.hiddenProbs(v);
   */
  hiddenProbs(v: Tensor): Tensor {
    this.checkVisible(v, 'hiddenProbs');
    return v.matmul(this.weight.transpose(0, 1)).add(this.hiddenBias).sigmoid();
  }

  /**
   * The mean of v given h: σ(b + hW) for Bernoulli units, b + hW for Gaussian ones.
   * @example
   * const rbm = new RBM(6, 3);
   * const h = bernoulli(0.5, [2, 3]);
   * rbm.visibleMean(h);
   */
  visibleMean(h: Tensor): Tensor {
    const pre = h.matmul(this.weight).add(this.visibleBias);
    return this.visible === 'bernoulli' ? pre.sigmoid() : pre;
  }

  /**
   * Binary hidden states drawn from p(h | v).
   * @example
   * const rbm = new RBM(6, 3);
   * const v = bernoulli(0.5, [2, 6]);
   * rbm.sampleHidden(v);
   */
  sampleHidden(v: Tensor): Tensor {
    return noGrad(() => bernoulli(this.hiddenProbs(v), undefined, { generator: this.generator }));
  }

  /**
   * Visible states drawn from p(v | h): binary, or the mean plus unit Gaussian noise.
   * @example
   * const rbm = new RBM(6, 3);
   * const h = bernoulli(0.5, [2, 3]);
   * rbm.sampleVisible(h);
   */
  sampleVisible(h: Tensor): Tensor {
    return noGrad(() => {
      const mean = this.visibleMean(h);
      if (this.visible === 'bernoulli') return bernoulli(mean, undefined, { generator: this.generator });
      return mean.add(randn(mean.shape, { dtype: mean.dtype, generator: this.generator }));
    });
  }

  /**
   * k steps of block Gibbs sampling v → h → v from the batch v; returns the last visible sample.
   * @example
   * const rbm = new RBM(784, 16);
   * const dreams = rbm.gibbs(rand([16, 784]), 1000);
   */
  gibbs(v: Tensor, k = 1): Tensor {
    if (!Number.isSafeInteger(k) || k < 0)
      throw new ValueError(`RBM.gibbs: k must be an integer ≥ 0, got ${k}`);
    this.checkVisible(v, 'gibbs');
    let state = v;
    for (let i = 0; i < k; i++) state = this.sampleVisible(this.sampleHidden(state));
    return state;
  }

  /**
   * The free energy F(v) = −log Σₕ e^(−E(v, h)) of each row of v, [batch]:
   * −bᵀv − Σⱼ log(1 + e^(cⱼ + Wⱼv)) for Bernoulli units, ½‖v − b‖² − Σⱼ log(1 + e^(cⱼ + Wⱼv)) for
   * Gaussian ones. p(v) ∝ e^(−F(v)). Differentiable.
   * @example
   * const rbm = new RBM(6, 3);
   * const v = bernoulli(0.5, [2, 6]);
   * rbm.freeEnergy(v); // [batch]
   */
  freeEnergy(v: Tensor): Tensor {
    this.checkVisible(v, 'freeEnergy');
    const hiddenTerm = v.matmul(this.weight.transpose(0, 1)).add(this.hiddenBias).softplus().sum(1);
    const visibleTerm =
      this.visible === 'bernoulli'
        ? v
            .matmul(this.visibleBias.reshape([this.nVisible, 1]))
            .reshape([v.shape[0]!])
            .neg()
        : v.sub(this.visibleBias).square().sum(1).mul(0.5);
    return visibleTerm.sub(hiddenTerm);
  }

  /**
   * The mean squared error between v and its mean-field reconstruction σ(b + σ(c + vWᵀ)W) (per
   * element): a cheap, rough progress measure (the guide warns it is not the objective).
   * @example
   * const rbm = new RBM(6, 3);
   * const v = bernoulli(0.5, [2, 6]);
   * rbm.reconstructionError(v);
   */
  reconstructionError(v: Tensor): number {
    return noGrad(() => this.visibleMean(this.hiddenProbs(v)).sub(v).square().mean().item());
  }

  /**
   * The stochastic pseudo-log-likelihood of binary data, per example: for one random visible unit
   * i per row, nVisible · log σ(F(ṽ) − F(v)), where ṽ is v with unit i flipped — an unbiased
   * estimate of Σᵢ log p(vᵢ | v₋ᵢ). Bernoulli units only (a LabeledRBM: the sum runs over
   * the feature units, not the label group).
   * @see https://doi.org/10.2307/2987782 (Besag, 1975)
   * @example
   * const rbm = new RBM(6, 3);
   * const binaryBatch = bernoulli(0.5, [2, 6]);
   * rbm.pseudoLikelihood(binaryBatch); // a negative number (log-probabilities)
   */
  pseudoLikelihood(v: Tensor): number {
    if (this.visible !== 'bernoulli') {
      throw new ValueError("RBM.pseudoLikelihood: needs 'bernoulli' visible units");
    }
    this.checkVisible(v, 'pseudoLikelihood');
    return noGrad(() => {
      const flipped = v.contiguous().data().slice();
      const [batch, n, units] = [v.shape[0]!, this.nVisible, this.flippableUnits];
      for (let r = 0; r < batch; r++) {
        const i = r * n + this.generator.below(units);
        flipped[i] = 1 - flipped[i]!;
      }
      const other = tensor(flipped, { shape: [batch, n], dtype: v.dtype });
      // log σ(F(ṽ) − F(v)) = −softplus(F(v) − F(ṽ)), stable for large gaps
      const gap = this.freeEnergy(v).sub(this.freeEnergy(other));
      return -gap.softplus().mean().item() * units;
    });
  }

  /** How many leading visible units {@link pseudoLikelihood} may flip (all of them; a subclass with label units, fewer). */
  protected get flippableUnits(): number {
    return this.nVisible;
  }
}
