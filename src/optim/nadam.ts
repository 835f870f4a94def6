import { checkNonNegative, checkUnitInterval } from './checks.js';
import { type Hyperparameters, Optimizer, type ParamsInput, type UpdateContext } from './optimizer.js';

export interface NAdamHyperparameters extends Hyperparameters {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
}

export type NAdamOptions = Partial<NAdamHyperparameters>;

/** μₜ = β₁(1 − ½·0.96^(tψ)): the momentum schedule of Dozat's NAdam (ψ = momentumDecay). */
function mu(beta1: number, momentumDecay: number, t: number): number {
  return beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
}

/**
 * NAdam: Adam with Nesterov momentum, which looks one step ahead by mixing the current gradient
 * into the momentum term, with a warming momentum schedule μₜ = β₁(1 − ½·0.96^(t·momentumDecay)):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², d = √(v/(1−β₂ᵗ)) + ε,
 * p ← p − lr·(1−μₜ)/(1−Πᵢ≤ₜμᵢ)·g/d − lr·μₜ₊₁/(1−Πᵢ≤ₜ₊₁μᵢ)·m/d.
 * The products Πμᵢ follow from the step count (PyTorch keeps them as state: `muProduct`).
 * This is PyTorch 1.13's `foreach` path; its default single-tensor path multiplies μₜ into the
 * second product twice, a slip fixed in PyTorch 2.0. `weightDecay` adds weightDecay·p to g.
 * @see https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ (Dozat, Incorporating Nesterov Momentum into Adam)
 * @example
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new NAdam([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step(); // w ≈ [0.8944, -1.8944]
 */
export class NAdam extends Optimizer<NAdamHyperparameters> {
  // Πᵢ≤ₜ μᵢ for t = 0, 1, 2, ... (index t), for the (β₁, ψ) they were computed with.
  private products: number[] = [1];
  private productsKey = '';

  constructor(params: ParamsInput<NAdamHyperparameters>, options: NAdamOptions = {}) {
    const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3 } = options;
    super(params, { lr, betas, eps, weightDecay, momentumDecay }, options);
  }

  get name(): string {
    return 'NAdam';
  }

  protected validate(g: NAdamHyperparameters): void {
    checkNonNegative('NAdam', 'lr', g.lr);
    checkUnitInterval('NAdam', 'betas[0]', g.betas?.[0]);
    checkUnitInterval('NAdam', 'betas[1]', g.betas?.[1]);
    checkNonNegative('NAdam', 'eps', g.eps);
    checkNonNegative('NAdam', 'weightDecay', g.weightDecay);
    checkNonNegative('NAdam', 'momentumDecay', g.momentumDecay);
  }

  initState(): readonly string[] {
    return ['expAvg', 'expAvgSq'];
  }

  private muProduct(beta1: number, momentumDecay: number, t: number): number {
    const key = `${beta1},${momentumDecay}`;
    if (key !== this.productsKey) {
      this.products = [1];
      this.productsKey = key;
    }
    for (let i = this.products.length; i <= t; i++) {
      this.products.push(this.products[i - 1]! * mu(beta1, momentumDecay, i));
    }
    return this.products[t]!;
  }

  // No fused kernel fits NAdam; this plain loop is its reference (one pass, in place).
  protected update({ data, grad, step, group, buffer }: UpdateContext<NAdamHyperparameters>): void {
    const { lr, betas, eps, weightDecay, momentumDecay } = group;
    const [beta1, beta2] = betas;
    const m = buffer('expAvg');
    const v = buffer('expAvgSq');
    const correction2 = 1 - beta2 ** step;
    const muNow = mu(beta1, momentumDecay, step);
    const muNext = mu(beta1, momentumDecay, step + 1);
    const gradScale = (lr * (1 - muNow)) / (1 - this.muProduct(beta1, momentumDecay, step));
    const momentumScale = (lr * muNext) / (1 - this.muProduct(beta1, momentumDecay, step + 1));
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]! + weightDecay * data[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      const d = Math.sqrt(v[i]! / correction2) + eps;
      data[i] = data[i]! - (gradScale * g + momentumScale * m[i]!) / d;
    }
  }
}
