import {
  binaryCrossEntropyWithLogits,
  defaultGenerator,
  type Generator,
  nn,
  randn,
  type Tensor,
  ValueError,
} from '../index.js';

/**
 * KL(N(μ, diag(e^logVar)) ‖ N(0, I)) = −½ Σᵢ (1 + logVarᵢ − μᵢ² − e^logVarᵢ) per example, averaged
 * over the batch: the VAE's regulariser in closed form. μ and logVar are [batch, latent].
 * @see https://arxiv.org/abs/1312.6114 (Kingma & Welling, Auto-Encoding Variational Bayes, appendix B)
 * @example
 * gaussianKl(zeros([1, 2]), zeros([1, 2])); // 0: the prior itself
 */
export function gaussianKl(mu: Tensor, logVar: Tensor): Tensor {
  if (mu.ndim !== 2 || logVar.ndim !== 2 || mu.shape.join() !== logVar.shape.join()) {
    throw new ValueError(
      `gaussianKl: mu and logVar must both be [batch, latent], got [${mu.shape.join(', ')}] and [${logVar.shape.join(', ')}]`,
    );
  }
  const terms = logVar.add(1).sub(mu.square()).sub(logVar.exp());
  return terms.sum(1).mean().mul(-0.5);
}

/** What {@link VAE.reconstruct} returns. */
export interface VAEOutput {
  /** The decoder's logits for each pixel (σ of them is the reconstruction). */
  logits: Tensor;
  mu: Tensor;
  logVar: Tensor;
  /** The sampled codes z = μ + σ·ε. */
  z: Tensor;
}

/**
 * A variational autoencoder with dense layers: the encoder gives each input a Gaussian q(z | x)
 * = N(μ, diag(σ²)) over `latent` dimensions; a code is sampled by the reparameterization
 * z = μ + σ·ε, ε ~ N(0, I), so gradients flow through μ and σ; the decoder gives Bernoulli
 * logits for each pixel. Train with {@link vaeLoss}; {@link VAE.sample} decodes z ~ N(0, I).
 * @see https://arxiv.org/abs/1312.6114 (Kingma & Welling, Auto-Encoding Variational Bayes)
 * @example
 * const vae = new VAE(784, 256, 2);
 * const images = rand([8, 784]);
 * const loss = vaeLoss(vae.reconstruct(images), images);
 */
export class VAE extends nn.Module {
  readonly trunk: nn.Sequential;
  readonly muHead: nn.Linear;
  readonly logVarHead: nn.Linear;
  readonly decoder: nn.Sequential;
  readonly generator: Generator;

  constructor(
    readonly inFeatures: number,
    readonly hidden: number,
    readonly latent: number,
    { generator = defaultGenerator }: { generator?: Generator } = {},
  ) {
    super();
    for (const [name, n] of Object.entries({ inFeatures, hidden, latent })) {
      if (!Number.isSafeInteger(n) || n <= 0)
        throw new ValueError(`VAE: ${name} must be a positive integer, got ${n}`);
    }
    this.generator = generator;
    this.trunk = new nn.Sequential(new nn.Linear(inFeatures, hidden), new nn.ReLU());
    this.muHead = new nn.Linear(hidden, latent);
    this.logVarHead = new nn.Linear(hidden, latent);
    this.decoder = new nn.Sequential(
      new nn.Linear(latent, hidden),
      new nn.ReLU(),
      new nn.Linear(hidden, inFeatures),
    );
  }

  /** μ and logVar of q(z | x). */
  encode(x: Tensor): { mu: Tensor; logVar: Tensor } {
    const h = this.trunk.forward(x);
    return { mu: this.muHead.forward(h), logVar: this.logVarHead.forward(h) };
  }

  /**
   * z = μ + e^(logVar/2)·ε with ε ~ N(0, I) from this model's generator.
   * @example
   * const vae = new VAE(784, 32, 2);
   * const mu = zeros([4, 2]);
   * const logVar = zeros([4, 2]);
   * vae.reparameterize(mu, logVar);
   */
  reparameterize(mu: Tensor, logVar: Tensor): Tensor {
    const eps = randn(mu.shape, { dtype: mu.dtype, generator: this.generator });
    return mu.add(logVar.mul(0.5).exp().mul(eps));
  }

  /**
   * Encodes, samples z (in training; z = μ in eval mode) and decodes: everything the loss needs.
   * @example
   * const vae = new VAE(784, 32, 2);
   * const images = rand([4, 784]);
   * const { logits, mu, logVar } = vae.reconstruct(images);
   */
  reconstruct(x: Tensor): VAEOutput {
    const { mu, logVar } = this.encode(x);
    const z = this.training ? this.reparameterize(mu, logVar) : mu;
    return { logits: this.decoder.forward(z), mu, logVar, z };
  }

  /** The reconstruction's logits (see {@link reconstruct} for μ, logVar and z too). */
  forward(x: Tensor): Tensor {
    return this.reconstruct(x).logits;
  }

  /**
   * `n` new images σ(decoder(z)) for z ~ N(0, I), [n, inFeatures].
   * @example
   * const vae = new VAE(784, 32, 2);
   * vae.sample(16);
   */
  sample(n: number): Tensor {
    return this.decoder.forward(randn([n, this.latent], { generator: this.generator })).sigmoid();
  }
}

/**
 * The negative evidence lower bound per example: the reconstruction's binary cross-entropy summed
 * over pixels, plus `beta`·KL(q(z | x) ‖ N(0, I)) (β = 1 is the VAE; β > 1 the β-VAE).
 * @example
 * const vae = new VAE(784, 32, 2);
 * const x = rand([4, 784]);
 * const loss = vaeLoss(vae.reconstruct(x), x);
 * loss.backward();
 */
export function vaeLoss(out: VAEOutput, target: Tensor, beta = 1): Tensor {
  const reconstruction = binaryCrossEntropyWithLogits(out.logits, target, { reduction: 'sum' }).div(
    target.shape[0]!,
  );
  return reconstruction.add(gaussianKl(out.mu, out.logVar).mul(beta));
}
