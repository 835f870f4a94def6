import { checkNonNegative, checkUnitInterval } from './checks.js';
import { type Hyperparameters, Optimizer, type ParamsInput, type UpdateContext } from './optimizer.js';

export interface AdamaxHyperparameters extends Hyperparameters {
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

export type AdamaxOptions = Partial<AdamaxHyperparameters>;

/**
 * Adamax: Adam with the infinity norm in place of the root-mean-square, u ← max(β₂u, |g| + ε),
 * m ← β₁m + (1−β₁)g, p ← p − lr/(1−β₁ᵗ)·m/u. The max needs no bias correction.
 * `weightDecay` adds weightDecay·p to g. Defaults as PyTorch: lr 2e-3, betas (0.9, 0.999).
 * @see https://arxiv.org/abs/1412.6980 (Kingma & Ba, section 7.1)
 * @example
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new Adamax([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // w ≈ [0.9, -1.9]
 */
export class Adamax extends Optimizer<AdamaxHyperparameters> {
  constructor(params: ParamsInput<AdamaxHyperparameters>, options: AdamaxOptions = {}) {
    const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = options;
    super(params, { lr, betas, eps, weightDecay }, options);
  }

  get name(): string {
    return 'Adamax';
  }

  protected validate(g: AdamaxHyperparameters): void {
    checkNonNegative('Adamax', 'lr', g.lr);
    checkUnitInterval('Adamax', 'betas[0]', g.betas?.[0]);
    checkUnitInterval('Adamax', 'betas[1]', g.betas?.[1]);
    checkNonNegative('Adamax', 'eps', g.eps);
    checkNonNegative('Adamax', 'weightDecay', g.weightDecay);
  }

  initState(): readonly string[] {
    return ['expAvg', 'expInf'];
  }

  // No fused kernel fits Adamax; this plain loop is its reference (one pass, in place).
  protected update({ data, grad, step, group, buffer }: UpdateContext<AdamaxHyperparameters>): void {
    const { lr, betas, eps, weightDecay } = group;
    const [beta1, beta2] = betas;
    const m = buffer('expAvg');
    const u = buffer('expInf');
    const stepSize = lr / (1 - beta1 ** step);
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]! + weightDecay * data[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      u[i] = Math.max(beta2 * u[i]!, Math.abs(g) + eps);
      data[i] = data[i]! - (stepSize * m[i]!) / u[i]!;
    }
  }
}
