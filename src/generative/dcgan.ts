import { cat, defaultGenerator, type Generator, nn, oneHot, type Tensor, ValueError } from '../index.js';

export interface DCGANOptions {
  /** Length of the noise vector z (default 64). */
  latent?: number;
  /** Feature maps of the widest convolution; the other has half (default 64). */
  width?: number;
  /**
   * Class-conditional with this many classes: the label joins z and the discriminator's input
   * (default 0: none). An InfoGAN generator uses it for its categorical code.
   */
  numClasses?: number;
  /**
   * InfoGAN (discriminator only): also predict a categorical code of this many categories from the
   * image, one more output column per category (default 0: none).
   */
  codes?: number;
  /**
   * Generator only: a 3×3 stride-1 convolution (width → width maps, batch norm, ReLU) at 7×7
   * before the upsampling, so the digit's layout is worked out at coarse scale (default false).
   */
  refine?: boolean;
}

function resolve(options: DCGANOptions, owner: string): Required<Omit<DCGANOptions, 'refine'>> {
  const { latent = 64, width = 64, numClasses = 0, codes = 0 } = options;
  for (const [name, value, min] of [
    ['latent', latent, 1],
    ['width', width, 2],
    ['numClasses', numClasses, 0],
    ['codes', codes, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min)
      throw new ValueError(`${owner}: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
  if (width % 2 !== 0) throw new ValueError(`${owner}: width must be even, got ${width}`);
  return { latent, width, numClasses, codes };
}

function checkLabels(labels: Tensor | undefined, batch: number, numClasses: number, owner: string): void {
  if (numClasses === 0) return;
  if (labels?.dtype !== 'int32' || labels.ndim !== 1 || labels.shape[0] !== batch) {
    throw new ValueError(`${owner}: a conditional model needs int32 labels of shape [${batch}]`);
  }
}

/**
 * The DCGAN generator for 28×28 images: z (joined by the one-hot label when conditional) →
 * Linear → 7×7×width maps → batch norm, ReLU → (with `refine`: a 3×3 convolution at 7×7, batch
 * norm, ReLU) → 4×4 stride-2 transposed convolutions to 14×14 (width/2 maps, batch norm, ReLU)
 * and 28×28 (1 map) → tanh, so images lie in [−1, 1].
 * @see https://arxiv.org/abs/1511.06434 (Radford, Metz & Chintala, DCGAN)
 * @see https://arxiv.org/abs/1411.1784 (Mirza & Osindero, Conditional GANs)
 * @example
 * const g = new DCGANGenerator({ latent: 64 });
 * g.forward(randn([8, 64])).shape; // [8, 1, 28, 28]
 */
export class DCGANGenerator extends nn.Module {
  readonly latent: number;
  readonly numClasses: number;
  readonly net: nn.Sequential;

  constructor(options: DCGANOptions = {}) {
    super();
    const { latent, width, numClasses, codes } = resolve(options, 'DCGANGenerator');
    const refine = options.refine ?? false;
    if (codes > 0) {
      throw new ValueError(
        `DCGANGenerator: codes is the discriminator's option; an InfoGAN generator takes its code as numClasses, got codes ${codes}`,
      );
    }
    this.latent = latent;
    this.numClasses = numClasses;
    const up = { stride: 2, padding: 1 };
    this.net = new nn.Sequential(
      new nn.Linear(latent + numClasses, width * 7 * 7, { bias: false }),
      new nn.Unflatten(1, [width, 7, 7]),
      new nn.BatchNorm2d(width),
      new nn.ReLU(),
      ...(refine
        ? [
            new nn.Conv2d(width, width, 3, { padding: 1, bias: false }),
            new nn.BatchNorm2d(width),
            new nn.ReLU(),
          ]
        : []),
      new nn.ConvTranspose2d(width, width / 2, 4, { ...up, bias: false }),
      new nn.BatchNorm2d(width / 2),
      new nn.ReLU(),
      new nn.ConvTranspose2d(width / 2, 1, 4, up),
      new nn.Tanh(),
    );
  }

  /** Images [batch, 1, 28, 28] from noise z [batch, latent] (and int32 labels [batch] when conditional). */
  forward(z: Tensor, labels?: Tensor): Tensor {
    if (z.ndim !== 2 || z.shape[1] !== this.latent) {
      throw new ValueError(`DCGANGenerator: z must be [batch, ${this.latent}], got [${z.shape.join(', ')}]`);
    }
    checkLabels(labels, z.shape[0]!, this.numClasses, 'DCGANGenerator');
    const input = this.numClasses > 0 ? cat([z, oneHot(labels!, this.numClasses).cast(z.dtype)], 1) : z;
    return this.net.forward(input);
  }
}

/**
 * The DCGAN discriminator for 28×28 images: 4×4 stride-2 convolutions to 14×14 (width/2 maps),
 * 7×7 (width maps) and 3×3 (2·width maps), batch norm on all but the first, LeakyReLU(0.2) after
 * each, then one logit (real vs fake). When conditional, the one-hot label enters as extra
 * constant input planes. With `codes` (InfoGAN), the same features also give `codes` logits of a
 * categorical code (the paper's Q network sharing D's convolutions), in columns 1 … codes.
 *
 * The third convolution widens what one feature sees from 10×10 to 22×22 pixels, most of a
 * digit: with two, the discriminator judged strokes and only a linear layer weighed their
 * arrangement, and an unconditional generator learned crisp strokes in shapes that are no digit
 * (`nabla train gan`, 3 epochs: LeNet-FID 49.5 with two convolutions, 22.6 with three).
 * @see https://arxiv.org/abs/1511.06434 (Radford, Metz & Chintala, DCGAN)
 * @see https://arxiv.org/abs/1606.03657 (Chen et al., InfoGAN)
 * @example
 * const d = new DCGANDiscriminator();
 * d.forward(zeros([8, 1, 28, 28])).shape; // [8, 1]
 */
export class DCGANDiscriminator extends nn.Module {
  readonly numClasses: number;
  readonly codes: number;
  readonly net: nn.Sequential;

  constructor(options: DCGANOptions = {}) {
    super();
    const { width, numClasses, codes } = resolve(options, 'DCGANDiscriminator');
    this.numClasses = numClasses;
    this.codes = codes;
    const down = { stride: 2, padding: 1 };
    this.net = new nn.Sequential(
      new nn.Conv2d(1 + numClasses, width / 2, 4, down),
      new nn.LeakyReLU(0.2),
      new nn.Conv2d(width / 2, width, 4, { ...down, bias: false }),
      new nn.BatchNorm2d(width),
      new nn.LeakyReLU(0.2),
      new nn.Conv2d(width, 2 * width, 4, { ...down, bias: false }),
      new nn.BatchNorm2d(2 * width),
      new nn.LeakyReLU(0.2),
      new nn.Flatten(),
      new nn.Linear(2 * width * 3 * 3, 1 + codes),
    );
  }

  /** Logits [batch, 1 + codes] (real vs fake, then the code's) for images [batch, 1, 28, 28] (and int32 labels [batch] when conditional). */
  forward(images: Tensor, labels?: Tensor): Tensor {
    if (images.ndim !== 4 || images.shape[1] !== 1 || images.shape[2] !== 28 || images.shape[3] !== 28) {
      throw new ValueError(
        `DCGANDiscriminator: images must be [batch, 1, 28, 28], got [${images.shape.join(', ')}]`,
      );
    }
    const batch = images.shape[0]!;
    checkLabels(labels, batch, this.numClasses, 'DCGANDiscriminator');
    if (this.numClasses === 0) return this.net.forward(images);
    const planes = oneHot(labels!, this.numClasses)
      .cast(images.dtype)
      .reshape([batch, this.numClasses, 1, 1])
      .expand([batch, this.numClasses, 28, 28]);
    return this.net.forward(cat([images, planes], 1));
  }
}

/**
 * DCGAN's initialization, in place: every convolution, transposed convolution and linear weight
 * from N(0, 0.02²), batch-norm scales from N(1, 0.02²), all biases 0. Returns the module.
 * @see https://arxiv.org/abs/1511.06434 (Radford, Metz & Chintala, DCGAN, section 4: "All weights were initialized from a zero-centered Normal distribution with standard deviation 0.02")
 * @example
 * const g = dcganInit(new DCGANGenerator({ latent: 8, width: 8 }), new Generator(0));
 */
export function dcganInit<M extends nn.Module>(module: M, generator: Generator = defaultGenerator): M {
  for (const m of module.modules()) {
    if (m instanceof nn.Conv2d || m instanceof nn.ConvTranspose2d || m instanceof nn.Linear) {
      nn.initNormal(m.weight, { std: 0.02, generator });
      if (m.bias) nn.initZeros(m.bias);
    } else if (m instanceof nn.BatchNorm2d || m instanceof nn.BatchNorm1d) {
      if (m.weight) nn.initNormal(m.weight, { mean: 1, std: 0.02, generator });
      if (m.bias) nn.initZeros(m.bias);
    }
  }
  return module;
}
