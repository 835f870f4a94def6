import { Adam, type AdamHyperparameters, type AdamOptions } from './adam.js';
import type { ParamsInput } from './optimizer.js';

/**
 * Adam with decoupled weight decay: the weights shrink by lr·weightDecay each step,
 * p ← p·(1 − lr·weightDecay), before the Adam step, instead of weightDecay·p being added to the
 * gradient (where Adam's scaling would weaken it for weights with large gradients).
 * The default weightDecay is 0.01.
 * @see https://arxiv.org/abs/1711.05101 (Loshchilov & Hutter, Decoupled Weight Decay Regularization)
 * @example
 * const model = new nn.Linear(4, 1);
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  constructor(params: ParamsInput<AdamHyperparameters>, options: AdamOptions = {}) {
    super(params, { ...options, weightDecay: options.weightDecay ?? 0.01 });
  }

  override get name(): string {
    return 'AdamW';
  }

  protected override get decoupled(): boolean {
    return true;
  }
}
