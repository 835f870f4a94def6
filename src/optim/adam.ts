import { kernels } from '../backends/registry.js';
import { checkNonNegative, checkUnitInterval } from './checks.js';
import { type Hyperparameters, Optimizer, type ParamsInput, type UpdateContext } from './optimizer.js';

export interface AdamHyperparameters extends Hyperparameters {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

export type AdamOptions = Partial<AdamHyperparameters>;

/**
 * Adam: moving averages of the gradient (m) and of its square (v), both bias-corrected, so the
 * first step moves each weight by about lr·sign(g):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
 * `weightDecay` adds weightDecay·p to g (L2, coupled to the adaptive scaling; see {@link AdamW});
 * `amsgrad` divides by the running maximum of v instead.
 * @see https://arxiv.org/abs/1412.6980 (Kingma & Ba, Adam)
 * @see https://openreview.net/forum?id=ryQu7f-RZ (Reddi et al., AMSGrad)
 * @example
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new Adam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // Adam's first step moves each weight by lr, whatever the gradient's size
 * w; // => [0.9, -1.9]
 */
export class Adam extends Optimizer<AdamHyperparameters> {
  constructor(params: ParamsInput<AdamHyperparameters>, options: AdamOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false } = options;
    super(params, { lr, betas, eps, weightDecay, amsgrad }, options);
  }

  get name(): string {
    return 'Adam';
  }

  /** Whether weight decay is decoupled from the gradient (AdamW). */
  protected get decoupled(): boolean {
    return false;
  }

  protected validate(g: AdamHyperparameters): void {
    const name = this.name;
    checkNonNegative(name, 'lr', g.lr);
    checkUnitInterval(name, 'betas[0]', g.betas?.[0]);
    checkUnitInterval(name, 'betas[1]', g.betas?.[1]);
    checkNonNegative(name, 'eps', g.eps);
    checkNonNegative(name, 'weightDecay', g.weightDecay);
  }

  initState(g: AdamHyperparameters): readonly string[] {
    return g.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq'];
  }

  protected update({ data, grad, step, group, buffer }: UpdateContext<AdamHyperparameters>): void {
    const { lr, betas, eps, weightDecay, amsgrad } = group;
    const [beta1, beta2] = betas;
    const vMax = amsgrad ? buffer('maxExpAvgSq') : null;
    kernels().adamUpdate(data, grad, buffer('expAvg'), buffer('expAvgSq'), vMax, {
      lr,
      beta1,
      beta2,
      eps,
      weightDecay,
      decoupled: this.decoupled,
      step,
    });
  }
}
