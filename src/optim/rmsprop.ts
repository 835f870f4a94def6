import { checkNonNegative, checkUnitInterval } from './checks.js';
import { type Hyperparameters, Optimizer, type ParamsInput, type UpdateContext } from './optimizer.js';

export interface RMSpropHyperparameters extends Hyperparameters {
  alpha: number;
  eps: number;
  momentum: number;
  centered: boolean;
  weightDecay: number;
}

export type RMSpropOptions = Partial<RMSpropHyperparameters>;

/**
 * RMSprop: divide the gradient by a moving root-mean-square of recent gradients,
 * s ← αs + (1−α)g², p ← p − lr·g/(√s + ε). `centered` subtracts the squared moving mean of g
 * (an estimate of the variance); `momentum` accumulates b ← μb + g/(√s + ε), p ← p − lr·b.
 * @see https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf (Hinton, lecture 6e)
 * @example
 * const model = new nn.Linear(4, 1);
 * const opt = new RMSprop(model.parameters(), { lr: 0.01 });
 */
export class RMSprop extends Optimizer<RMSpropHyperparameters> {
  constructor(params: ParamsInput<RMSpropHyperparameters>, options: RMSpropOptions = {}) {
    const { lr = 0.01, alpha = 0.99, eps = 1e-8, momentum = 0, centered = false, weightDecay = 0 } = options;
    super(params, { lr, alpha, eps, momentum, centered, weightDecay }, options);
  }

  get name(): string {
    return 'RMSprop';
  }

  protected validate(g: RMSpropHyperparameters): void {
    checkNonNegative('RMSprop', 'lr', g.lr);
    checkUnitInterval('RMSprop', 'alpha', g.alpha);
    checkNonNegative('RMSprop', 'eps', g.eps);
    checkNonNegative('RMSprop', 'momentum', g.momentum);
    checkNonNegative('RMSprop', 'weightDecay', g.weightDecay);
  }

  initState(g: RMSpropHyperparameters): readonly string[] {
    return g.centered ? ['squareAvg', 'gradAvg'] : ['squareAvg'];
  }

  // No fused kernel fits RMSprop; this plain loop is its reference (one pass, in place).
  protected update({ data, grad, group, buffer }: UpdateContext<RMSpropHyperparameters>): void {
    const { lr, alpha, eps, momentum, centered, weightDecay } = group;
    const square = buffer('squareAvg');
    const mean = centered ? buffer('gradAvg') : null;
    const velocity = momentum > 0 ? buffer('momentumBuffer') : null;
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]! + weightDecay * data[i]!;
      const s = alpha * square[i]! + (1 - alpha) * g * g;
      square[i] = s;
      let variance = s;
      if (mean) {
        const m = alpha * mean[i]! + (1 - alpha) * g;
        mean[i] = m;
        variance = s - m * m;
      }
      let delta = g / (Math.sqrt(variance) + eps);
      if (velocity) {
        delta += momentum * velocity[i]!;
        velocity[i] = delta;
      }
      data[i] = data[i]! - lr * delta;
    }
  }
}
