import { getBackend, type nn, noGrad, ValueError } from '../index.js';

export interface WeightAverageOptions {
  /** The average's decay β: each update keeps β of the average and takes 1 − β of the weights (default 0.999). */
  decay?: number;
  /**
   * Ramp the decay up as min(β, (1 + t)/(10 + t)) over the first updates t = 0, 1, …, so the
   * average forgets the initial weights quickly (default true).
   */
  warmup?: boolean;
}

/**
 * An exponential moving average of a model's weights, kept in a second model of the same
 * architecture: after each optimizer step, `update(model)` sets every parameter of the copy to
 * β·average + (1 − β)·weight and copies the buffers (batch-norm statistics) as they are.
 * For GANs, sampling from the averaged generator gives visibly cleaner images than the last
 * iterate, which oscillates in the game with the discriminator (Yazıcı et al. measure it on
 * MNIST, CIFAR and CelebA; ProGAN, StyleGAN and BigGAN all sample from such an average).
 * With `warmup`, the decay of update t (counted from 0) is min(β, (1 + t)/(10 + t)), as in
 * TensorFlow's `ExponentialMovingAverage(num_updates)`.
 * @see https://arxiv.org/abs/1806.04498 (Yazıcı et al., The Unusual Effectiveness of Averaging in GAN Training)
 * @see https://arxiv.org/abs/1710.10196 (Karras et al., Progressive Growing of GANs, section A.1: generator weights averaged with decay 0.999)
 * @example
 * const model = new nn.Linear(2, 1);
 * const average = new WeightAverage(model, new nn.Linear(2, 1), { decay: 0.9, warmup: false });
 * average.update(model); // after each optimizer step
 * average.model.weight.shape; // [1, 2]
 */
export class WeightAverage<M extends nn.Module> {
  readonly decay: number;
  readonly warmup: boolean;
  /** The averaged model (kept in eval mode). */
  readonly model: M;
  /** How many updates were folded in. */
  updates = 0;

  /** Starts the average at `model`'s current weights, held in `copy` (a fresh model of the same architecture). */
  constructor(model: M, copy: M, options: WeightAverageOptions = {}) {
    const { decay = 0.999, warmup = true } = options;
    if (!(decay >= 0 && decay <= 1))
      throw new ValueError(`WeightAverage: decay must be in [0, 1], got ${decay}`);
    if (model === copy)
      throw new ValueError('WeightAverage: the copy must be a second model, not the same one');
    this.decay = decay;
    this.warmup = warmup;
    copy.loadStateDict(model.stateDict());
    this.model = copy.eval();
  }

  /** The decay the next update uses. */
  get currentDecay(): number {
    const t = this.updates;
    return this.warmup ? Math.min(this.decay, (1 + t) / (10 + t)) : this.decay;
  }

  /** Folds `model`'s current parameters into the average and copies its buffers. */
  update(model: M): this {
    const beta = this.currentDecay;
    const own = this.model.namedParameters();
    const theirs = new Map(model.namedParameters());
    if (theirs.size !== own.length) {
      throw new ValueError(
        `WeightAverage.update: the model has ${theirs.size} parameters, the average ${own.length}`,
      );
    }
    noGrad(() => {
      for (const [name, p] of own) {
        const source = theirs.get(name);
        if (!source || source.size !== p.size) {
          throw new ValueError(`WeightAverage.update: parameter '${name}' is missing or has another shape`);
        }
        // SGD's fused step p ← p − lr·(g + λ·p), with g = w, λ = −1 and lr = −(1 − β), is the lerp
        // p + (1 − β)·(w − p) = β·p + (1 − β)·w, in one native pass (a JavaScript loop cost
        // 6–26 ms per DCGAN step, 10–20% of it).
        getBackend().kernels.sgdUpdate(p.data(), source.contiguous().data(), null, {
          lr: -(1 - beta),
          momentum: 0,
          dampening: 0,
          nesterov: false,
          weightDecay: -1,
          ema: false,
          first: false,
        });
      }
      const buffers = Object.fromEntries(model.namedBuffers());
      for (const [name, b] of this.model.namedBuffers()) b.data().set(buffers[name]!.data());
    });
    this.updates += 1;
    return this;
  }
}
