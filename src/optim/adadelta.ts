import { checkNonNegative, checkUnitInterval } from './checks.js';
import { type Hyperparameters, Optimizer, type ParamsInput, type UpdateContext } from './optimizer.js';

export interface AdadeltaHyperparameters extends Hyperparameters {
  rho: number;
  eps: number;
  weightDecay: number;
}

export type AdadeltaOptions = Partial<AdadeltaHyperparameters>;

/**
 * Adadelta: the step is the gradient scaled by the ratio of two moving root-mean-squares, of
 * past steps over past gradients, so it carries the parameter's units and needs no tuned lr:
 * s ← ρs + (1−ρ)g², Δ = √(u + ε)/√(s + ε)·g, u ← ρu + (1−ρ)Δ², p ← p − lr·Δ.
 * `weightDecay` adds weightDecay·p to g. Defaults as PyTorch: lr 1, rho 0.9, eps 1e-6.
 * @see https://arxiv.org/abs/1212.5701 (Zeiler, ADADELTA)
 * @example
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new Adadelta([w]);
 * w.square().sum().backward();
 * opt.step(); // each weight moves by √1e-6/√(0.1·g² + 1e-6)·g ≈ 0.00316 towards 0
 */
export class Adadelta extends Optimizer<AdadeltaHyperparameters> {
  constructor(params: ParamsInput<AdadeltaHyperparameters>, options: AdadeltaOptions = {}) {
    const { lr = 1, rho = 0.9, eps = 1e-6, weightDecay = 0 } = options;
    super(params, { lr, rho, eps, weightDecay }, options);
  }

  get name(): string {
    return 'Adadelta';
  }

  protected validate(g: AdadeltaHyperparameters): void {
    checkNonNegative('Adadelta', 'lr', g.lr);
    checkUnitInterval('Adadelta', 'rho', g.rho);
    checkNonNegative('Adadelta', 'eps', g.eps);
    checkNonNegative('Adadelta', 'weightDecay', g.weightDecay);
  }

  initState(): readonly string[] {
    return ['squareAvg', 'accDelta'];
  }

  // No fused kernel fits Adadelta; this plain loop is its reference (one pass, in place).
  protected update({ data, grad, group, buffer }: UpdateContext<AdadeltaHyperparameters>): void {
    const { lr, rho, eps, weightDecay } = group;
    const square = buffer('squareAvg');
    const acc = buffer('accDelta');
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]! + weightDecay * data[i]!;
      const s = rho * square[i]! + (1 - rho) * g * g;
      square[i] = s;
      const delta = (Math.sqrt(acc[i]! + eps) / Math.sqrt(s + eps)) * g;
      acc[i] = rho * acc[i]! + (1 - rho) * delta * delta;
      data[i] = data[i]! - lr * delta;
    }
  }
}
