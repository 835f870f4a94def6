import { checkNonNegative, checkUnitInterval } from './checks.js';
import { type Hyperparameters, Optimizer, type ParamsInput, type UpdateContext } from './optimizer.js';

export interface RAdamHyperparameters extends Hyperparameters {
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

export type RAdamOptions = Partial<RAdamHyperparameters>;

/**
 * RAdam (rectified Adam): while the moving average of g² has seen too few steps for its variance
 * to be finite (ρₜ ≤ 5, with ρ∞ = 2/(1−β₂) − 1 and ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ)), take a plain
 * momentum step p ← p − lr·m̂; afterwards take Adam's step scaled by the rectification
 * r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)): p ← p − lr·r·m̂·√(1−β₂ᵗ)/(√v + ε).
 * This replaces a learning-rate warmup. `weightDecay` adds weightDecay·p to g.
 * @see https://arxiv.org/abs/1908.03265 (Liu et al., On the Variance of the Adaptive Learning Rate and Beyond)
 * @example
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new RAdam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // the first steps are momentum steps: w = [1 − 0.1·2, −2 + 0.1·4] = [0.8, -1.6]
 */
export class RAdam extends Optimizer<RAdamHyperparameters> {
  constructor(params: ParamsInput<RAdamHyperparameters>, options: RAdamOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = options;
    super(params, { lr, betas, eps, weightDecay }, options);
  }

  get name(): string {
    return 'RAdam';
  }

  protected validate(g: RAdamHyperparameters): void {
    checkNonNegative('RAdam', 'lr', g.lr);
    checkUnitInterval('RAdam', 'betas[0]', g.betas?.[0]);
    checkUnitInterval('RAdam', 'betas[1]', g.betas?.[1]);
    checkNonNegative('RAdam', 'eps', g.eps);
    checkNonNegative('RAdam', 'weightDecay', g.weightDecay);
  }

  initState(): readonly string[] {
    return ['expAvg', 'expAvgSq'];
  }

  // No fused kernel fits RAdam; this plain loop is its reference (one pass, in place).
  protected update({ data, grad, step, group, buffer }: UpdateContext<RAdamHyperparameters>): void {
    const { lr, betas, eps, weightDecay } = group;
    const [beta1, beta2] = betas;
    const m = buffer('expAvg');
    const v = buffer('expAvgSq');
    const correction1 = 1 - beta1 ** step;
    const correction2 = 1 - beta2 ** step;
    const rhoInf = 2 / (1 - beta2) - 1;
    const rho = rhoInf - (2 * step * beta2 ** step) / correction2;
    const rectified = rho > 5;
    const rect = rectified
      ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho))
      : 0;
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]! + weightDecay * data[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      const mHat = m[i]! / correction1;
      const scale = rectified ? (rect * Math.sqrt(correction2)) / (Math.sqrt(v[i]!) + eps) : 1;
      data[i] = data[i]! - lr * mHat * scale;
    }
  }
}
