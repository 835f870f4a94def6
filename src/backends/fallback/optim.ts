/**
 * Fused optimizer updates: one pass over the parameter, reading the gradient and updating the
 * parameter and its state buffers in place. The optimizers in `src/optim/` document the math.
 */
import type { AdamUpdateOptions, SgdUpdateOptions, TypedArray } from '../types.js';

/**
 * SGD with optional momentum, Nesterov look-ahead and L2 weight decay, in place.
 * @example
 * const [p, g] = [new Float64Array([1, 2]), new Float64Array([0.5, 1])];
 * sgdUpdate(p, g, null, { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, ema: false, first: true });
 * p; // => [0.95, 1.9]
 */
export function sgdUpdate(
  param: TypedArray,
  grad: TypedArray,
  velocity: TypedArray | null,
  o: SgdUpdateOptions,
): void {
  const { lr, momentum, weightDecay, nesterov, ema, first } = o;
  // The EMA convention is PyTorch's with dampening = momentum, from a zero velocity.
  const gradScale = ema ? 1 - momentum : 1 - o.dampening;
  for (let i = 0; i < param.length; i++) {
    const p = param[i]!;
    let g = grad[i]! + weightDecay * p;
    if (velocity) {
      // PyTorch starts its velocity at the first gradient itself (no dampening on step 1).
      const v = first && !ema ? g : momentum * velocity[i]! + gradScale * g;
      velocity[i] = v;
      g = nesterov ? (ema ? (1 - momentum) * g : g) + momentum * v : v;
    }
    param[i] = p - lr * g;
  }
}

/**
 * Adam (or AdamW when `decoupled`) with bias correction and optional AMSGrad, in place.
 * @example
 * const [p, g, m, v] = [new Float64Array([1]), new Float64Array([0.5]), new Float64Array(1), new Float64Array(1)];
 * adamUpdate(p, g, m, v, null, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 });
 * p; // => [0.999]
 */
export function adamUpdate(
  param: TypedArray,
  grad: TypedArray,
  m: TypedArray,
  v: TypedArray,
  vMax: TypedArray | null,
  o: AdamUpdateOptions,
): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = o;
  const stepSize = lr / (1 - beta1 ** step);
  const sqrtCorrection2 = Math.sqrt(1 - beta2 ** step);
  const shrink = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  for (let i = 0; i < param.length; i++) {
    const p = param[i]! * shrink;
    const g = grad[i]! + l2 * param[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    let vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    if (vMax) {
      vi = Math.max(vMax[i]!, vi);
      vMax[i] = vi;
    }
    // lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε): PyTorch's placement of ε, after the correction.
    param[i] = p - (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + eps);
  }
}
