import { checkNonNegative } from './checks.js';
import { type Hyperparameters, Optimizer, type ParamsInput, type UpdateContext } from './optimizer.js';

export interface AdagradHyperparameters extends Hyperparameters {
  eps: number;
  weightDecay: number;
}

export type AdagradOptions = Partial<AdagradHyperparameters>;

/**
 * Adagrad: each weight's step shrinks with the sum of its squared gradients so far,
 * s ← s + g², p ← p − lr·g/(√s + ε); rarely-updated weights keep large steps.
 * @see https://jmlr.org/papers/v12/duchi11a.html (Duchi, Hazan & Singer, 2011)
 * @example
 * const model = new nn.Linear(4, 1);
 * const opt = new Adagrad(model.parameters(), { lr: 0.01 });
 */
export class Adagrad extends Optimizer<AdagradHyperparameters> {
  constructor(params: ParamsInput<AdagradHyperparameters>, options: AdagradOptions = {}) {
    const { lr = 0.01, eps = 1e-10, weightDecay = 0 } = options;
    super(params, { lr, eps, weightDecay }, options);
  }

  get name(): string {
    return 'Adagrad';
  }

  protected validate(g: AdagradHyperparameters): void {
    checkNonNegative('Adagrad', 'lr', g.lr);
    checkNonNegative('Adagrad', 'eps', g.eps);
    checkNonNegative('Adagrad', 'weightDecay', g.weightDecay);
  }

  initState(): readonly string[] {
    return ['sum'];
  }

  // No fused kernel fits Adagrad; this plain loop is its reference (one pass, in place).
  protected update({ data, grad, group, buffer }: UpdateContext<AdagradHyperparameters>): void {
    const { lr, eps, weightDecay } = group;
    const sum = buffer('sum');
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]! + weightDecay * data[i]!;
      const s = sum[i]! + g * g;
      sum[i] = s;
      data[i] = data[i]! - (lr * g) / (Math.sqrt(s) + eps);
    }
  }
}
