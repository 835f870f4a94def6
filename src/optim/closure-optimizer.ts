import { enableGrad } from '../autograd/grad-mode.js';
import { checkOptionKeys, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { FlatParams } from './flat-params.js';
import type { Hyperparameters, ParamGroup } from './optimizer.js';

/**
 * What `step(closure)` calls, maybe several times per step: clear the gradients, compute the loss,
 * back-propagate, and return the loss.
 */
export type Closure = () => Tensor | number;

/**
 * The base of the optimizers that re-evaluate the objective inside one step (L-BFGS, nonlinear
 * conjugate gradient): one group of parameters seen as a flat vector, and the closure API of
 * PyTorch's LBFGS, `opt.step(() => { opt.zeroGrad(); const l = loss(); l.backward(); return l; })`.
 */
export abstract class ClosureOptimizer<H extends Hyperparameters> {
  /** One group, as PyTorch's LBFGS: `opt.paramGroups[0].lr = 0.5` changes the lr. */
  readonly paramGroups: [ParamGroup<H>];
  protected readonly flat: FlatParams;

  constructor(name: string, params: Iterable<Tensor>, hyper: H, options?: object) {
    checkOptionKeys(options, Object.keys(hyper), name);
    this.flat = new FlatParams(params, name);
    this.paramGroups = [{ ...hyper, params: this.flat.params }];
  }

  /**
   * Forgets every gradient (`.grad = null`).
   * @example
   * const w = tensor([1, 2], { requiresGrad: true });
   * const opt = new optim.LBFGS([w]);
   * w.square().sum().backward();
   * opt.zeroGrad();
   * w.grad; // => null
   */
  zeroGrad(): void {
    for (const p of this.flat.params) p.grad = null;
  }

  /** Runs the closure (with grad enabled) and reads the loss and the flat gradient. */
  protected evaluate(closure: Closure, owner: string): { f: number; g: Float64Array } {
    if (typeof closure !== 'function') {
      throw new ValueError(`${owner}: step needs a closure that computes the loss and calls backward()`);
    }
    const out = enableGrad(closure);
    const f = out instanceof Tensor ? out.item() : out;
    if (typeof f !== 'number') {
      throw new ValueError(
        `${owner}: the closure must return the loss (a number or a scalar tensor), got ${typeof f}`,
      );
    }
    return { f, g: this.flat.gradient() };
  }

  /** The loss and gradient at x + t·d; the parameters are left at x. */
  protected directional(closure: Closure, owner: string, x: Float64Array, t: number, d: Float64Array) {
    this.flat.addScaled(t, d);
    const result = this.evaluate(closure, owner);
    this.flat.set(x);
    return result;
  }
}
