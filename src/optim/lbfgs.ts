import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative, checkPositiveInteger } from './checks.js';
import { type Closure, ClosureOptimizer } from './closure-optimizer.js';
import { dot, maxAbs, sumAbs } from './flat-params.js';
import { strongWolfe } from './line-search.js';
import type { Hyperparameters } from './optimizer.js';

export interface LBFGSHyperparameters extends Hyperparameters {
  /** Iterations per `step()` (default 20). */
  maxIter: number;
  /** Function evaluations per `step()` (default ⌊maxIter·5/4⌋). */
  maxEval: number;
  /** Stop when max |∇f| ≤ this (default 1e-7). */
  toleranceGrad: number;
  /** Stop when the loss or the step changes by less than this (default 1e-9). */
  toleranceChange: number;
  /** How many (s, y) pairs approximate the inverse Hessian (default 100). */
  historySize: number;
  /** 'strongWolfe' for a line search, null for fixed steps of lr (default null). */
  lineSearchFn: 'strongWolfe' | null;
}

export type LBFGSOptions = Partial<LBFGSHyperparameters>;

/** What {@link LBFGS.stateDict} returns: the hyperparameters and the curvature memory. */
export interface LBFGSStateDict {
  paramGroups: Omit<LBFGSHyperparameters, 'initialLr'>[];
  state: {
    funcEvals: number;
    nIter: number;
    d?: number[];
    t?: number;
    oldDirs?: number[][];
    oldSteps?: number[][];
    ro?: number[];
    hDiag?: number;
    prevFlatGrad?: number[];
    prevLoss?: number;
  };
}

/**
 * Limited-memory BFGS: each iteration steps along d = −H·∇f, where H, an approximation of the
 * inverse Hessian, is applied by the two-loop recursion over the last `historySize` pairs of
 * steps s and gradient changes y (with the initial scaling yᵀs/yᵀy). One `step(closure)` runs up
 * to `maxIter` iterations, calling the closure for every evaluation. With `lineSearchFn:
 * 'strongWolfe'` each step length satisfies the strong Wolfe conditions; otherwise it is lr (the
 * first, min(1, 1/‖∇f‖₁)·lr). Options and iterates match PyTorch 1.13's `LBFGS` (in camelCase;
 * 'strongWolfe' is PyTorch's 'strong_wolfe'). Works on all parameters as one flat vector: suited
 * to full-batch, deterministic objectives.
 * @see Nocedal & Wright, Numerical Optimization (2nd ed.), algorithm 7.4
 * @see https://doi.org/10.1007/BF01589116 (Liu & Nocedal, 1989)
 * @example
 * const w = tensor([-1.5, 2], { dtype: 'float64', requiresGrad: true });
 * const opt = new LBFGS([w], { lineSearchFn: 'strongWolfe', maxIter: 100 });
 * const rosenbrock = () => w.select(0, 0).neg().add(1).square().add(w.select(0, 1).sub(w.select(0, 0).square()).square().mul(100));
 * opt.step(() => {
 *   opt.zeroGrad();
 *   const loss = rosenbrock();
 *   loss.backward();
 *   return loss;
 * }); // w ≈ [1, 1]
 */
export class LBFGS extends ClosureOptimizer<LBFGSHyperparameters> {
  private funcEvals = 0;
  private nIter = 0;
  private d: Float64Array | null = null;
  private t = 0;
  private oldDirs: Float64Array[] = [];
  private oldSteps: Float64Array[] = [];
  private ro: number[] = [];
  private hDiag = 1;
  private prevFlatGrad: Float64Array | null = null;
  private prevLoss = 0;

  constructor(params: Iterable<Tensor>, options: LBFGSOptions = {}) {
    const { lr = 1, maxIter = 20, toleranceGrad = 1e-7, toleranceChange = 1e-9 } = options;
    const { historySize = 100, lineSearchFn = null } = options;
    const maxEval = options.maxEval ?? Math.floor((maxIter * 5) / 4);
    super(
      'LBFGS',
      params,
      {
        lr,
        maxIter,
        maxEval,
        toleranceGrad,
        toleranceChange,
        historySize,
        lineSearchFn,
      },
      options,
    );
    this.validate();
  }

  private validate(): void {
    const g = this.paramGroups[0];
    checkNonNegative('LBFGS', 'lr', g.lr);
    checkPositiveInteger('LBFGS', 'maxIter', g.maxIter);
    checkPositiveInteger('LBFGS', 'maxEval', g.maxEval);
    checkNonNegative('LBFGS', 'toleranceGrad', g.toleranceGrad);
    checkNonNegative('LBFGS', 'toleranceChange', g.toleranceChange);
    checkPositiveInteger('LBFGS', 'historySize', g.historySize);
    if (g.lineSearchFn !== null && g.lineSearchFn !== 'strongWolfe') {
      throw new ValueError(
        `LBFGS: lineSearchFn must be 'strongWolfe' or null, got ${JSON.stringify(g.lineSearchFn)}`,
      );
    }
  }

  /**
   * Runs up to `maxIter` iterations, calling `closure` for the loss and gradients; returns the loss
   * of the first evaluation (before this step moved anything), as PyTorch does.
   * @example
   * const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
   * const opt = new LBFGS([w], { lineSearchFn: 'strongWolfe' });
   * const f = () => w.sub(3).square().sum();
   * const loss = opt.step(() => { opt.zeroGrad(); const l = f(); l.backward(); return l; });
   * loss; // => 5
   * w; // => [3, 3]
   */
  step(closure: Closure): number {
    this.validate();
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, lineSearchFn } = this.paramGroups[0];
    let { f: loss, g: flatGrad } = this.evaluate(closure, 'LBFGS');
    const origLoss = loss;
    let currentEvals = 1;
    this.funcEvals += 1;
    if (maxAbs(flatGrad) <= toleranceGrad) return origLoss;
    let nIter = 0;
    while (nIter < maxIter) {
      nIter += 1;
      this.nIter += 1;
      const d = this.direction(flatGrad);
      this.prevFlatGrad = flatGrad.slice();
      this.prevLoss = loss;
      let t = this.nIter === 1 ? Math.min(1, 1 / sumAbs(flatGrad)) * lr : lr;
      this.d = d;
      this.t = t;
      const gtd = dot(flatGrad, d);
      if (gtd > -toleranceChange) break;
      let evals = 0;
      let optimal = false;
      if (lineSearchFn === 'strongWolfe') {
        const x = this.flat.values();
        const r = strongWolfe((s) => this.directional(closure, 'LBFGS', x, s, d), t, d, loss, flatGrad, gtd);
        ({ f: loss, g: flatGrad, t, evals } = r);
        this.flat.addScaled(t, d);
        optimal = maxAbs(flatGrad) <= toleranceGrad;
      } else {
        this.flat.addScaled(t, d);
        if (nIter !== maxIter) {
          ({ f: loss, g: flatGrad } = this.evaluate(closure, 'LBFGS'));
          optimal = maxAbs(flatGrad) <= toleranceGrad;
          evals = 1;
        }
      }
      this.t = t;
      currentEvals += evals;
      this.funcEvals += evals;
      if (nIter === maxIter || currentEvals >= maxEval || optimal) break;
      if (maxAbs(d) * Math.abs(t) <= toleranceChange) break;
      if (Math.abs(loss - this.prevLoss) < toleranceChange) break;
    }
    return origLoss;
  }

  // −H·∇f by the two-loop recursion, after adding the last (s, y) pair when its curvature yᵀs > 0.
  private direction(flatGrad: Float64Array): Float64Array {
    if (this.nIter === 1 || !this.d || !this.prevFlatGrad) {
      this.oldDirs = [];
      this.oldSteps = [];
      this.ro = [];
      this.hDiag = 1;
      return flatGrad.map((v) => -v);
    }
    const y = flatGrad.map((v, i) => v - this.prevFlatGrad![i]!);
    const s = this.d.map((v) => v * this.t);
    const ys = dot(y, s);
    if (ys > 1e-10) {
      if (this.oldDirs.length === this.paramGroups[0].historySize) {
        this.oldDirs.shift();
        this.oldSteps.shift();
        this.ro.shift();
      }
      this.oldDirs.push(y);
      this.oldSteps.push(s);
      this.ro.push(1 / ys);
      this.hDiag = ys / dot(y, y);
    }
    const n = this.oldDirs.length;
    const al = new Array<number>(n);
    const q = flatGrad.map((v) => -v);
    for (let i = n - 1; i >= 0; i--) {
      al[i] = dot(this.oldSteps[i]!, q) * this.ro[i]!;
      axpy(-al[i]!, this.oldDirs[i]!, q);
    }
    const r = q.map((v) => v * this.hDiag);
    for (let i = 0; i < n; i++) {
      const be = dot(this.oldDirs[i]!, r) * this.ro[i]!;
      axpy(al[i]! - be, this.oldSteps[i]!, r);
    }
    return r;
  }

  /**
   * The hyperparameters and the curvature memory, JSON-able, to resume with {@link loadStateDict}.
   * @example
   * const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
   * const opt = new LBFGS([w], { maxIter: 1 });
   * opt.step(() => { opt.zeroGrad(); const l = w.square().sum(); l.backward(); return l; });
   * const saved = JSON.stringify(opt.stateDict());
   * JSON.parse(saved).state.nIter; // => 1
   */
  stateDict(): LBFGSStateDict {
    const { params: _params, initialLr: _initialLr, ...hyper } = this.paramGroups[0];
    const state: LBFGSStateDict['state'] = { funcEvals: this.funcEvals, nIter: this.nIter };
    if (this.d && this.prevFlatGrad) {
      Object.assign(state, {
        d: [...this.d],
        t: this.t,
        oldDirs: this.oldDirs.map((v) => [...v]),
        oldSteps: this.oldSteps.map((v) => [...v]),
        ro: [...this.ro],
        hDiag: this.hDiag,
        prevFlatGrad: [...this.prevFlatGrad],
        prevLoss: this.prevLoss,
      });
    }
    return { paramGroups: [hyper], state };
  }

  /**
   * Restores a {@link stateDict}; vectors must have the parameters' total size. Nothing changes
   * when a check fails.
   * @example
   * const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
   * const saved = JSON.stringify(new LBFGS([w], { lr: 0.5, historySize: 5 }).stateDict());
   * const opt = new LBFGS([w]);
   * opt.loadStateDict(JSON.parse(saved));
   * opt.paramGroups[0].lr; // => 0.5
   * opt.paramGroups[0].historySize; // => 5
   */
  loadStateDict(dict: LBFGSStateDict): void {
    const owner = 'LBFGS.loadStateDict';
    const hyper = dict?.paramGroups?.[0];
    if (!hyper || dict.paramGroups.length !== 1)
      throw new ValueError(`${owner}: expected exactly one parameter group`);
    const s = dict.state ?? {};
    const n = this.flat.size;
    const vector = (name: string, v: unknown): Float64Array => {
      if (!Array.isArray(v) || v.length !== n || v.some((x) => typeof x !== 'number')) {
        throw new ValueError(`${owner}: ${name} must be ${n} numbers`);
      }
      return Float64Array.from(v as number[]);
    };
    const restored =
      s.d === undefined
        ? null
        : {
            d: vector('d', s.d),
            oldDirs: (s.oldDirs ?? []).map((v, i) => vector(`oldDirs[${i}]`, v)),
            oldSteps: (s.oldSteps ?? []).map((v, i) => vector(`oldSteps[${i}]`, v)),
            prevFlatGrad: vector('prevFlatGrad', s.prevFlatGrad),
          };
    if (
      restored &&
      (restored.oldDirs.length !== restored.oldSteps.length || s.ro?.length !== restored.oldDirs.length)
    ) {
      throw new ValueError(`${owner}: oldDirs, oldSteps and ro must have one entry per stored pair`);
    }
    const previous = { ...this.paramGroups[0] };
    Object.assign(this.paramGroups[0], hyper);
    try {
      this.validate();
    } catch (e) {
      Object.assign(this.paramGroups[0], previous);
      throw e;
    }
    this.funcEvals = s.funcEvals ?? 0;
    this.nIter = s.nIter ?? 0;
    this.d = restored?.d ?? null;
    this.prevFlatGrad = restored?.prevFlatGrad ?? null;
    this.oldDirs = restored?.oldDirs ?? [];
    this.oldSteps = restored?.oldSteps ?? [];
    this.ro = [...(s.ro ?? [])];
    this.t = s.t ?? 0;
    this.hDiag = s.hDiag ?? 1;
    this.prevLoss = s.prevLoss ?? 0;
  }
}

// y ← y + a·x
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + a * x[i]!;
}
