/**
 * The strong-Wolfe line search shared by L-BFGS and nonlinear conjugate gradient: find a step t
 * along a descent direction d with sufficient decrease, f(x + td) ≤ f(x) + c₁·t·∇f·d, and a
 * flattened slope, |∇f(x + td)·d| ≤ c₂·|∇f(x)·d|. It first brackets an acceptable step (growing t
 * by cubic extrapolation), then zooms into the bracket by safeguarded cubic interpolation.
 * The same algorithm, step for step, as PyTorch's LBFGS (after Schmidt's minFunc), so trajectories
 * agree.
 * @see Nocedal & Wright, Numerical Optimization (2nd ed.), algorithms 3.5 and 3.6
 */
import { dot, maxAbs } from './flat-params.js';

/**
 * The minimiser of the cubic through (x₁, f₁) and (x₂, f₂) with slopes g₁ and g₂, clamped to
 * `bounds` (default: between x₁ and x₂); the midpoint of the bounds when the cubic has none.
 * @example
 * cubicInterpolate(0, 1, -2, 1, 0, 0); // data of f = (1 − x)²: its minimiser 1
 */
export function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square < 0) return (lo + hi) / 2;
  const d2 = Math.sqrt(d2Square);
  const min =
    x1 <= x2
      ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
      : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return Math.min(Math.max(min, lo), hi);
}

/** f and ∇f at x + t·d (the caller restores x). */
export type DirectionalObjective = (t: number) => { f: number; g: Float64Array };

export interface StrongWolfeOptions {
  /** Sufficient-decrease constant (default 1e-4). */
  c1?: number;
  /** Curvature constant (default 0.9; 0.1 suits conjugate gradient). */
  c2?: number;
  /** Stop zooming when the bracket is narrower than this along d (default 1e-9). */
  toleranceChange?: number;
  /** The most evaluations (default 25). */
  maxLs?: number;
}

export interface LineSearchResult {
  t: number;
  f: number;
  g: Float64Array;
  /** How many times the objective was evaluated. */
  evals: number;
}

interface Point {
  t: number;
  f: number;
  g: Float64Array;
  gtd: number;
}

/**
 * A step along `d` from the point with value `f`, gradient `g` and slope `gtd` = g·d < 0 that
 * satisfies the strong Wolfe conditions (or the best found within `maxLs` evaluations).
 * @example
 * // f(x) = x², from x = 1 along d = −2 (slope −4): the exact minimiser t = 0.5 is accepted.
 * const r = strongWolfe((t) => ({ f: (1 - 2 * t) ** 2, g: new Float64Array([2 * (1 - 2 * t)]) }), 1, new Float64Array([-2]), 1, new Float64Array([2]), -4);
 */
export function strongWolfe(
  evaluate: DirectionalObjective,
  t0: number,
  d: Float64Array,
  f: number,
  g: Float64Array,
  gtd: number,
  options: StrongWolfeOptions = {},
): LineSearchResult {
  const { c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25 } = options;
  const dNorm = maxAbs(d);
  const at = (t: number): Point => {
    const r = evaluate(t);
    return { t, f: r.f, g: r.g, gtd: dot(r.g, d) };
  };
  let t = t0;
  let next = at(t);
  let evals = 1;
  let prev: Point = { t: 0, f, g, gtd };
  let bracket: Point[] = [];
  let done = false;
  let iter = 0;
  // Phase 1: grow t until [prev, next] brackets an acceptable step, or next is acceptable.
  while (iter < maxLs) {
    if (next.f > f + c1 * t * gtd || (iter > 1 && next.f >= prev.f)) {
      bracket = [prev, next];
      break;
    }
    if (Math.abs(next.gtd) <= -c2 * gtd) {
      bracket = [next];
      done = true;
      break;
    }
    if (next.gtd >= 0) {
      bracket = [prev, next];
      break;
    }
    const tNext = cubicInterpolate(prev.t, prev.f, prev.gtd, t, next.f, next.gtd, [
      t + 0.01 * (t - prev.t),
      t * 10,
    ]);
    prev = next;
    t = tNext;
    next = at(t);
    evals += 1;
    iter += 1;
  }
  if (iter === maxLs) bracket = [{ t: 0, f, g, gtd }, next];
  // Phase 2: zoom, keeping bracket[low] the best point so far.
  let insufficientProgress = false;
  let [low, high] = bracket[0]!.f <= bracket[bracket.length - 1]!.f ? [0, 1] : [1, 0];
  while (!done && iter < maxLs) {
    const [a, b] = [bracket[0]!, bracket[1]!];
    if (Math.abs(b.t - a.t) * dNorm < toleranceChange) break;
    t = cubicInterpolate(a.t, a.f, a.gtd, b.t, b.f, b.gtd);
    const tMax = Math.max(a.t, b.t);
    const tMin = Math.min(a.t, b.t);
    const eps = 0.1 * (tMax - tMin);
    // Too close to an end: move away from it, unless the last step already was close.
    if (Math.min(tMax - t, t - tMin) < eps) {
      if (insufficientProgress || t >= tMax || t <= tMin) {
        t = Math.abs(t - tMax) < Math.abs(t - tMin) ? tMax - eps : tMin + eps;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    const p = at(t);
    evals += 1;
    iter += 1;
    if (p.f > f + c1 * t * gtd || p.f >= bracket[low]!.f) {
      bracket[high] = p;
      [low, high] = bracket[0]!.f <= bracket[1]!.f ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(p.gtd) <= -c2 * gtd) done = true;
      else if (p.gtd * (bracket[high]!.t - bracket[low]!.t) >= 0) bracket[high] = bracket[low]!;
      bracket[low] = p;
    }
  }
  const best = bracket[low]!;
  return { t: best.t, f: best.f, g: best.g, evals };
}
