import { bernoulli, cat, noGrad, oneHot, softmax, type Tensor, tensor, ValueError, zeros } from '../index.js';
import { RBM, type RBMOptions } from './rbm.js';

/**
 * An RBM whose visible layer is `nFeatures` binary units joined by one group of `numClasses`
 * softmax label units: the top-level "associative memory" of Hinton, Osindero & Teh's deep belief
 * net, which learns the joint distribution of the penultimate layer's features and the label.
 * Its visible vector is [x, y] with y one-hot, and the energy is the RBM's over that vector,
 * E(x, y, h) = −bᵀx − dᵀy − cᵀh − hᵀ(Wx + Uy) (U: the last `numClasses` columns of `weight`, d:
 * the last entries of `visibleBias`), so {@link RBM.freeEnergy} of [x, y] is the joint free
 * energy F(x, y) and {@link ContrastiveDivergence} trains it as it is. Only p(visible | h)
 * differs from a plain RBM's: the features are independent Bernoulli units,
 * p(x = 1 | h) = σ(b + Wᵀh), while exactly one label unit is on, p(y = k | h) = softmax(d + Uᵀh)ₖ.
 * Build the visible vector with {@link LabeledRBM.joint}; dream with {@link LabeledRBM.gibbsClamped}.
 * @see https://www.cs.toronto.edu/~hinton/absps/fastnc.pdf (Hinton, Osindero & Teh, A fast learning algorithm for deep belief nets, 2006, section 4 and figure 1)
 * @see https://www.cs.toronto.edu/~hinton/absps/guideTR.pdf (Hinton, A Practical Guide to Training RBMs, section 13.1: softmax units)
 * @example
 * const top = new LabeledRBM(20, 10, 32);
 * const v = top.joint(bernoulli(0.5, [4, 20]), tensor([0, 3, 9, 3], { dtype: 'int32' })); // [4, 30]
 * top.labelProbs(v.narrow(1, 0, 20)); // [4, 10], rows sum to 1
 */
export class LabeledRBM extends RBM {
  constructor(
    readonly nFeatures: number,
    readonly numClasses: number,
    nHidden: number,
    options: Omit<RBMOptions, 'visible'> = {},
  ) {
    for (const [name, n] of [
      ['nFeatures', nFeatures],
      ['numClasses', numClasses],
    ] as const) {
      if (!Number.isSafeInteger(n) || n <= 0)
        throw new ValueError(`LabeledRBM: ${name} must be a positive integer, got ${n}`);
    }
    super(nFeatures + numClasses, nHidden, { ...options, visible: 'bernoulli' });
  }

  /**
   * The visible vector [x, one-hot(labels)] for features x [batch, nFeatures] and int32 labels [batch].
   * @example
   * const top = new LabeledRBM(2, 3, 4);
   * top.joint(tensor([[1, 0]]), tensor([2], { dtype: 'int32' })); // => [[1, 0, 0, 0, 1]]
   */
  joint(x: Tensor, labels: Tensor): Tensor {
    if (x.ndim !== 2 || x.shape[1] !== this.nFeatures) {
      throw new ValueError(
        `LabeledRBM.joint: x must have shape [batch, ${this.nFeatures}], got [${x.shape.join(', ')}]`,
      );
    }
    if (labels.dtype !== 'int32' || labels.ndim !== 1 || labels.shape[0] !== x.shape[0]) {
      throw new ValueError(
        `LabeledRBM.joint: labels must be int32 of shape [${x.shape[0]}], got ${labels.dtype} [${labels.shape.join(', ')}]`,
      );
    }
    for (const k of labels.data()) {
      if (k < 0 || k >= this.numClasses)
        throw new ValueError(`LabeledRBM.joint: label ${k} is out of range for ${this.numClasses} classes`);
    }
    return cat([x, oneHot(labels, this.numClasses).cast(x.dtype)], 1);
  }

  /**
   * The mean of [x, y] given h: σ(b + Wᵀh) for the features, softmax(d + Uᵀh) for the label group.
   * @example
   * const top = new LabeledRBM(3, 2, 4);
   * top.visibleMean(bernoulli(0.5, [2, 4])); // [2, 5]; the last 2 columns sum to 1
   */
  override visibleMean(h: Tensor): Tensor {
    const pre = h.matmul(this.weight).add(this.visibleBias);
    const features = pre.narrow(1, 0, this.nFeatures).sigmoid();
    return cat([features, softmax(pre.narrow(1, this.nFeatures, this.numClasses), 1)], 1);
  }

  /**
   * [x, y] drawn from p(· | h): each feature on with its probability, and one label unit per row
   * on, unit k with probability softmax(d + Uᵀh)ₖ.
   * @example
   * const top = new LabeledRBM(3, 2, 4);
   * top.sampleVisible(bernoulli(0.5, [2, 4])); // binary [2, 5], one label unit on per row
   */
  override sampleVisible(h: Tensor): Tensor {
    return noGrad(() => {
      const mean = this.visibleMean(h);
      const x = bernoulli(mean.narrow(1, 0, this.nFeatures).contiguous(), undefined, {
        generator: this.generator,
      });
      const p = mean.narrow(1, this.nFeatures, this.numClasses).contiguous().data();
      const batch = h.shape[0]!;
      // inverse CDF: the first k whose cumulative probability exceeds a uniform draw
      const labels = Array.from({ length: batch }, (_, r) => {
        const u = this.generator.uniform();
        let sum = 0;
        for (let k = 0; k < this.numClasses; k++) {
          sum += p[r * this.numClasses + k]!;
          if (u < sum) return k;
        }
        return this.numClasses - 1; // sum fell short of u by rounding
      });
      return cat([x, oneHot(tensor(labels, { dtype: 'int32' }), this.numClasses).cast(x.dtype)], 1);
    });
  }

  /**
   * p(y = k | x) = e^(−F(x, k)) / Σⱼ e^(−F(x, j)) for features x [batch, nFeatures] →
   * [batch, numClasses]: the RBM as a classifier, from the free energy of each label.
   * @see https://doi.org/10.1145/1390156.1390224 (Larochelle & Bengio, Classification using discriminative RBMs, 2008, eq. 2)
   * @example
   * const top = new LabeledRBM(3, 2, 4);
   * top.labelProbs(tensor([[1, 0, 1]])); // [1, 2], the row sums to 1
   */
  labelProbs(x: Tensor): Tensor {
    return noGrad(() => {
      const batch = x.shape[0]!;
      const energies = Array.from({ length: this.numClasses }, (_, k) =>
        this.freeEnergy(this.joint(x, tensor(new Array(batch).fill(k), { dtype: 'int32' }))).reshape([
          batch,
          1,
        ]),
      );
      return softmax(cat(energies, 1).neg(), 1);
    });
  }

  /**
   * `steps` rounds of alternating Gibbs sampling with the label units clamped to `labels`
   * (int32 [batch]): h ~ p(h | x, y), x ~ p(x | h), y kept. Returns the feature probabilities
   * p(x = 1 | h) after the last round (the mean, so the picture drawn from it carries no
   * last-step sampling noise). The chains start from `start` [batch, nFeatures], by default from
   * what the label alone implies, x = σ(b + Wᵀσ(c + Uy)) (one mean-field pass from x = 0): from
   * x = 0 and sampled hidden states, a chain can fall into another label's mode and stay there
   * (on two labelled patterns, 3 of 40 chains after 50 rounds; none from this start).
   * @example
   * const top = new LabeledRBM(20, 10, 32);
   * const digits = tensor([0, 1, 2], { dtype: 'int32' });
   * top.gibbsClamped(digits, 100); // [3, 20]
   */
  gibbsClamped(labels: Tensor, steps: number, start?: Tensor): Tensor {
    if (!Number.isSafeInteger(steps) || steps < 1)
      throw new ValueError(`LabeledRBM.gibbsClamped: steps must be a positive integer, got ${steps}`);
    return noGrad(() => {
      const n = labels.shape[0] ?? 0;
      const fromLabel = () =>
        this.visibleMean(this.hiddenProbs(this.joint(zeros([n, this.nFeatures]), labels)))
          .narrow(1, 0, this.nFeatures)
          .contiguous();
      let v = this.joint(start ?? fromLabel(), labels);
      let mean = v;
      for (let i = 0; i < steps; i++) {
        const h = this.sampleHidden(v);
        mean = this.visibleMean(h).narrow(1, 0, this.nFeatures).contiguous();
        v = this.joint(bernoulli(mean, undefined, { generator: this.generator }), labels);
      }
      return mean;
    });
  }

  // The pseudo-likelihood flips feature units only: a flipped label unit leaves the one-hot states.
  protected override get flippableUnits(): number {
    return this.nFeatures;
  }
}
