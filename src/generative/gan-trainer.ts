import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  defaultGenerator,
  fullLike,
  type Generator,
  optim,
  randint,
  randn,
  type Tensor,
  ValueError,
} from '../index.js';
import type { DCGANDiscriminator, DCGANGenerator } from './dcgan.js';

export interface GANTrainerOptions {
  /** Adam's learning rate for both networks (default 2e-4, as DCGAN). */
  lr?: number;
  /** Adam's betas (default [0.5, 0.999], as DCGAN). */
  betas?: [number, number];
  /** The target for real images in the discriminator's loss: one-sided label smoothing (default 0.9; 1 = none). */
  realLabel?: number;
  /**
   * InfoGAN's weight λ on the code's cross-entropy (default 1, the paper's value for discrete
   * codes); used when the discriminator predicts codes.
   */
  infoWeight?: number;
  generator?: Generator;
}

/**
 * Alternating GAN training. Each `step(real)`:
 * 1. the discriminator D takes an Adam step on BCE(D(x), realLabel) + BCE(D(G(z)), 0), with the
 *    fakes detached (one-sided label smoothing: only real targets are softened, to 0.9);
 * 2. the generator G takes an Adam step on the non-saturating loss BCE(D(G(z)), 1) = −log D(G(z)),
 *    whose gradient stays large while D rejects the fakes (the minimax log(1 − D(G(z))) vanishes).
 * A conditional pair gets the real labels, and draws fake labels uniformly.
 *
 * InfoGAN (a discriminator with `codes`, a generator with as many `numClasses`): the generator's
 * one-hot input is a categorical code drawn uniformly, never a label, and both steps add
 * λ·CE(Q(G(z, c)), c), the cross-entropy of the discriminator's code logits on the fakes (a
 * lower bound on the mutual information between c and the image). The generator thus gets a
 * discrete switch it must make visible, where an unconditional generator maps one continuous z
 * onto separate digits and spends some z between them on shapes that are no digit.
 * @see https://arxiv.org/abs/1406.2661 (Goodfellow et al., Generative Adversarial Nets, section 3)
 * @see https://arxiv.org/abs/1606.03498 (Salimans et al., Improved Techniques for Training GANs: one-sided label smoothing)
 * @see https://arxiv.org/abs/1606.03657 (Chen et al., InfoGAN, sections 5 and 6)
 * @example
 * const trainer = new GANTrainer(new DCGANGenerator(), new DCGANDiscriminator());
 * const { dLoss, gLoss } = trainer.step(rand([8, 1, 28, 28]).mul(2).sub(1)); // images in [−1, 1]
 */
export class GANTrainer {
  readonly optG: optim.Adam;
  readonly optD: optim.Adam;
  readonly realLabel: number;
  readonly infoWeight: number;
  readonly generator: Generator;

  constructor(
    readonly g: DCGANGenerator,
    readonly d: DCGANDiscriminator,
    options: GANTrainerOptions = {},
  ) {
    const {
      lr = 2e-4,
      betas = [0.5, 0.999],
      realLabel = 0.9,
      infoWeight = 1,
      generator = defaultGenerator,
    } = options;
    if (!(realLabel > 0.5 && realLabel <= 1))
      throw new ValueError(`GANTrainer: realLabel must be in (0.5, 1], got ${realLabel}`);
    if (!(infoWeight >= 0)) throw new ValueError(`GANTrainer: infoWeight must be ≥ 0, got ${infoWeight}`);
    if (d.codes > 0) {
      if (d.numClasses !== 0 || g.numClasses !== d.codes) {
        throw new ValueError(
          `GANTrainer: an InfoGAN needs an unconditional discriminator with codes and a generator with as many numClasses; got codes ${d.codes}, numClasses ${g.numClasses} (generator) and ${d.numClasses} (discriminator)`,
        );
      }
    } else if (g.numClasses !== d.numClasses) {
      throw new ValueError(
        `GANTrainer: the generator has ${g.numClasses} classes, the discriminator ${d.numClasses}`,
      );
    }
    this.optG = new optim.Adam(g.parameters(), { lr, betas });
    this.optD = new optim.Adam(d.parameters(), { lr, betas });
    this.realLabel = realLabel;
    this.infoWeight = infoWeight;
    this.generator = generator;
  }

  /**
   * Noise (and, when conditional, uniform labels) for `n` fakes.
   * @example
   * const trainer = new GANTrainer(new DCGANGenerator({ latent: 8 }), new DCGANDiscriminator());
   * const { z, labels } = trainer.noise(16);
   */
  noise(n: number): { z: Tensor; labels?: Tensor } {
    // an InfoGAN's labels are its codes
    const z = randn([n, this.g.latent], { generator: this.generator });
    if (this.g.numClasses === 0) return { z };
    return { z, labels: randint(0, this.g.numClasses, [n], { generator: this.generator }) };
  }

  /**
   * One discriminator step and one generator step on a batch of real images [batch, 1, 28, 28].
   * @example
   * const trainer = new GANTrainer(new DCGANGenerator({ latent: 8 }), new DCGANDiscriminator());
   * const batch = rand([4, 1, 28, 28]).mul(2).sub(1);
   * const labels = undefined;
   * trainer.step(batch, labels);
   */
  step(real: Tensor, realLabels?: Tensor): { dLoss: number; gLoss: number } {
    const { g, d } = this;
    const batch = real.shape[0]!;
    g.train();
    d.train();
    const { z, labels } = this.noise(batch);
    const info = d.codes > 0;
    const fake = g.forward(z, labels);
    // column 0: real vs fake; an InfoGAN's columns 1 … codes: the code (labels here)
    const split = (out: Tensor): { logit: Tensor; codeLoss?: Tensor } =>
      info
        ? {
            logit: out.narrow(1, 0, 1),
            codeLoss: crossEntropy(out.narrow(1, 1, d.codes), labels!).mul(this.infoWeight),
          }
        : { logit: out };
    const realLogits = d.forward(real, info ? undefined : realLabels).narrow(1, 0, 1);
    const fakeOut = split(d.forward(fake.detach(), info ? undefined : labels));
    let dLoss = binaryCrossEntropyWithLogits(realLogits, fullLike(realLogits, this.realLabel)).add(
      binaryCrossEntropyWithLogits(fakeOut.logit, fullLike(fakeOut.logit, 0)),
    );
    if (fakeOut.codeLoss) dLoss = dLoss.add(fakeOut.codeLoss);
    this.optD.zeroGrad();
    dLoss.backward();
    this.optD.step();
    const fooled = split(d.forward(fake, info ? undefined : labels));
    let gLoss = binaryCrossEntropyWithLogits(fooled.logit, fullLike(fooled.logit, 1));
    if (fooled.codeLoss) gLoss = gLoss.add(fooled.codeLoss);
    this.optG.zeroGrad();
    gLoss.backward();
    this.optG.step();
    return { dLoss: dLoss.item(), gLoss: gLoss.item() };
  }
}
