import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative, checkPositiveInteger } from './checks.js';
import { type Closure, ClosureOptimizer } from './closure-optimizer.js';
import { dot, maxAbs, sumAbs } from './flat-params.js';
import { strongWolfe } from './line-search.js';
import type { Hyperparameters } from './optimizer.js';

/** How β, the weight of the previous direction, is computed. */
export type ConjugateBeta = 'fletcherReeves' | 'polakRibiere' | 'hestenesStiefel';

export interface ConjugateGradientHyperparameters extends Hyperparameters {
  beta: ConjugateBeta;
  /** Iterations per `step()` (default 20). */
  maxIter: number;
  /** Restart with steepest descent every this many iterations (default: the number of parameters). */
  restartEvery: number;
  /** The line search's curvature constant c₂; smaller is more exact (default 0.1). */
  c2: number;
  /** Stop when max |∇f| ≤ this (default 1e-7). */
  toleranceGrad: number;
  /** Stop when the loss or the step changes by less than this (default 1e-9). */
  toleranceChange: number;
}

export type ConjugateGradientOptions = Partial<ConjugateGradientHyperparameters>;

/**
 * β for the new direction d = −g + β·dPrev, from the gradient g, the previous gradient gPrev and
 * the previous direction dPrev (y = g − gPrev):
 * Fletcher–Reeves gᵀg / gPrevᵀgPrev; Polak–Ribière+ max(0, gᵀy / gPrevᵀgPrev) (the max restarts
 * when β would be negative); Hestenes–Stiefel gᵀy / dPrevᵀy.
 * @example
 * conjugateBeta('fletcherReeves', new Float64Array([1, 1]), new Float64Array([2, 0]), new Float64Array([-2, 0])); // 2/4 = 0.5
 */
export function conjugateBeta(
  kind: ConjugateBeta,
  g: Float64Array,
  gPrev: Float64Array,
  dPrev: Float64Array,
): number {
  const y = g.map((v, i) => v - gPrev[i]!);
  if (kind === 'fletcherReeves') return dot(g, g) / dot(gPrev, gPrev);
  if (kind === 'polakRibiere') return Math.max(0, dot(g, y) / dot(gPrev, gPrev));
  const dy = dot(dPrev, y);
  return dy === 0 ? 0 : dot(g, y) / dy;
}

const kinds: readonly ConjugateBeta[] = ['fletcherReeves', 'polakRibiere', 'hestenesStiefel'];

/**
 * Nonlinear conjugate gradient: d = −∇f + β·dPrev, with β by Fletcher–Reeves, Polak–Ribière+
 * (default) or Hestenes–Stiefel, and a strong-Wolfe line search along d. It restarts with steepest
 * descent every `restartEvery` iterations and whenever d is not a descent direction. With an exact
 * line search it minimises an n-dimensional quadratic in n iterations. The first trial step is
 * min(1, 1/‖∇f‖₁)·lr, later ones tPrev·(∇fPrev·dPrev)/(∇f·d) (Nocedal & Wright, eq. 3.60).
 * Same closure API as {@link LBFGS}.
 * @see Nocedal & Wright, Numerical Optimization (2nd ed.), section 5.2
 * @see https://doi.org/10.1093/comjnl/7.2.149 (Fletcher & Reeves, 1964)
 * @example
 * const w = tensor([3, -2], { dtype: 'float64', requiresGrad: true });
 * const opt = new ConjugateGradient([w], { maxIter: 2 });
 * opt.step(() => {
 *   opt.zeroGrad();
 *   const loss = w.square().mul(tensor([1, 10], { dtype: 'float64' })).sum();
 *   loss.backward();
 *   return loss;
 * }); // w ≈ [0, 0] after n = 2 iterations
 */
export class ConjugateGradient extends ClosureOptimizer<ConjugateGradientHyperparameters> {
  private d: Float64Array | null = null;
  private prevGrad: Float64Array | null = null;
  private t = 0;
  private sinceRestart = 0;
  /** Iterations and closure evaluations so far. */
  nIter = 0;
  funcEvals = 0;

  constructor(params: Iterable<Tensor>, options: ConjugateGradientOptions = {}) {
    const { lr = 1, beta = 'polakRibiere', maxIter = 20, c2 = 0.1 } = options;
    const { toleranceGrad = 1e-7, toleranceChange = 1e-9 } = options;
    const list = [...params];
    const restartEvery =
      options.restartEvery ??
      Math.max(
        1,
        list.reduce((n, p) => n + p.size, 0),
      );
    super(
      'ConjugateGradient',
      list,
      { lr, beta, maxIter, restartEvery, c2, toleranceGrad, toleranceChange },
      options,
    );
    this.validate();
  }

  private validate(): void {
    const g = this.paramGroups[0];
    const owner = 'ConjugateGradient';
    checkNonNegative(owner, 'lr', g.lr);
    if (!kinds.includes(g.beta)) {
      throw new ValueError(
        `${owner}: beta must be one of ${kinds.join(', ')}, got ${JSON.stringify(g.beta)}`,
      );
    }
    checkPositiveInteger(owner, 'maxIter', g.maxIter);
    checkPositiveInteger(owner, 'restartEvery', g.restartEvery);
    if (typeof g.c2 !== 'number' || !(g.c2 > 1e-4 && g.c2 < 1)) {
      throw new ValueError(`${owner}: c2 must be in (1e-4, 1), got ${g.c2}`);
    }
    checkNonNegative(owner, 'toleranceGrad', g.toleranceGrad);
    checkNonNegative(owner, 'toleranceChange', g.toleranceChange);
  }

  /**
   * Runs up to `maxIter` iterations; returns the loss of the first evaluation.
   * @example
   * const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
   * const opt = new ConjugateGradient([w]);
   * const f = () => w.sub(3).square().sum();
   * const loss = opt.step(() => { opt.zeroGrad(); const l = f(); l.backward(); return l; });
   * loss; // => 5
   * w; // => [3, 3]
   */
  step(closure: Closure): number {
    this.validate();
    const { lr, beta, maxIter, restartEvery, c2, toleranceGrad, toleranceChange } = this.paramGroups[0];
    let { f, g } = this.evaluate(closure, 'ConjugateGradient');
    this.funcEvals += 1;
    const origLoss = f;
    for (let iter = 0; iter < maxIter && maxAbs(g) > toleranceGrad; iter++) {
      let d = this.direction(g, beta, restartEvery);
      let gtd = dot(g, d);
      if (gtd >= 0) {
        // Not a descent direction (possible with an inexact line search): restart.
        d = g.map((v) => -v);
        gtd = dot(g, d);
        this.sinceRestart = 0;
      }
      const first = !this.d || this.sinceRestart === 0;
      const t0 = first ? Math.min(1, 1 / sumAbs(g)) * lr : (this.t * dot(this.prevGrad!, this.d!)) / gtd;
      const x = this.flat.values();
      const r = strongWolfe(
        (s) => this.directional(closure, 'ConjugateGradient', x, s, d),
        t0,
        d,
        f,
        g,
        gtd,
        { c2 },
      );
      this.flat.addScaled(r.t, d);
      this.funcEvals += r.evals;
      this.nIter += 1;
      this.sinceRestart += 1;
      [this.d, this.prevGrad, this.t] = [d, g, r.t];
      const change = Math.abs(r.f - f);
      [f, g] = [r.f, r.g];
      if (maxAbs(d) * Math.abs(r.t) <= toleranceChange || change < toleranceChange) break;
    }
    return origLoss;
  }

  private direction(g: Float64Array, beta: ConjugateBeta, restartEvery: number): Float64Array {
    if (!this.d || !this.prevGrad || this.sinceRestart >= restartEvery) {
      this.sinceRestart = 0;
      return g.map((v) => -v);
    }
    const b = conjugateBeta(beta, g, this.prevGrad, this.d);
    return g.map((v, i) => -v + b * this.d![i]!);
  }
}
