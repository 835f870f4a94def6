import type { OptionalKernels } from '../types.js';
import type { NativeAddon } from './addon.js';
import { isF32 } from './float32.js';

/**
 * The fused SGD and Adam steps of the native backend: float32 parameters and state go to the
 * addon in one pass, anything else to the fallback kernels. The per-step scalars (bias
 * corrections, decay factors) are computed here, once, exactly as the reference computes them.
 * @example
 * import { fallbackKernels } from '../fallback/index.js';
 * import { loadAddon } from './addon.js';
 * const { addon } = loadAddon();
 * if (addon) {
 *   const { sgdUpdate } = optimKernels(addon, fallbackKernels(referenceKernels));
 *   const [param, grad] = [new Float32Array([1, 2]), new Float32Array([0.5, 1])];
 *   sgdUpdate(param, grad, null, { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, ema: false, first: true });
 *   param; // => [0.95, 1.9]
 * }
 */
export function optimKernels(
  addon: NativeAddon,
  fallback: OptionalKernels,
): Pick<OptionalKernels, 'sgdUpdate' | 'adamUpdate'> {
  return {
    sgdUpdate(param, grad, velocity, o): void {
      if (!isF32(param) || !isF32(grad) || (velocity !== null && !isF32(velocity))) {
        fallback.sgdUpdate(param, grad, velocity, o);
        return;
      }
      const gradScale = o.ema ? 1 - o.momentum : 1 - o.dampening;
      const nesterovScale = o.ema ? 1 - o.momentum : 1;
      const start = o.first && !o.ema;
      addon.sgdUpdate(
        param,
        grad,
        velocity,
        o.lr,
        o.momentum,
        o.weightDecay,
        gradScale,
        nesterovScale,
        o.nesterov,
        start,
      );
    },
    adamUpdate(param, grad, m, v, vMax, o): void {
      if (!isF32(param) || !isF32(grad) || !isF32(m) || !isF32(v) || (vMax !== null && !isF32(vMax))) {
        fallback.adamUpdate(param, grad, m, v, vMax, o);
        return;
      }
      const stepSize = o.lr / (1 - o.beta1 ** o.step);
      const sqrtCorrection2 = Math.sqrt(1 - o.beta2 ** o.step);
      const shrink = o.decoupled ? 1 - o.lr * o.weightDecay : 1;
      const l2 = o.decoupled ? 0 : o.weightDecay;
      addon.adamUpdate(
        param,
        grad,
        m,
        v,
        vMax,
        o.beta1,
        o.beta2,
        o.eps,
        stepSize,
        sqrtCorrection2,
        shrink,
        l2,
      );
    },
  };
}
