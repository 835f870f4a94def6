import { gradients } from '../autograd/functional.js';
import { enableGrad } from '../autograd/grad-mode.js';
import { hvp } from '../autograd/hessian.js';
import { checkOptionKeys, ValueError } from '../errors.js';
import { add } from '../ops/add.js';
import { mul } from '../ops/mul.js';
import { sum } from '../ops/sum.js';
import { tensor, zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative, checkPositiveInteger } from './checks.js';
import { dot, FlatParams } from './flat-params.js';

/** What one Hessian-free step evaluates: the network's outputs z(θ), and the loss of outputs. */
export interface GaussNewtonObjective {
  /** Runs the network; the outputs must depend on the parameters. */
  outputs(): Tensor;
  /** The loss of given outputs (convex in them, e.g. cross-entropy or squared error). */
  loss(outputs: Tensor): Tensor;
}

function split(flat: FlatParams, v: Float64Array): Tensor[] {
  let offset = 0;
  return flat.params.map((p) => {
    const part = tensor(v.subarray(offset, offset + p.size), { shape: [...p.shape], dtype: p.dtype });
    offset += p.size;
    return part;
  });
}

function concat(flat: FlatParams, parts: readonly Tensor[]): Float64Array {
  const out = new Float64Array(flat.size);
  let offset = 0;
  parts.forEach((t, i) => {
    out.set(t.data(), offset);
    offset += flat.params[i]!.size;
  });
  return out;
}

/**
 * The Gauss–Newton matrix G = JᵀH_L J (J = ∂z/∂θ, H_L the Hessian of the loss in the outputs z)
 * as a function v ↦ G·v on flat parameter vectors, without forming G: J·v by the double-vjp trick
 * (the gradient of ⟨Jᵀu, v⟩ in a dummy u), H_L by a Hessian-vector product, Jᵀ by back-propagation.
 * Also returns the loss and its flat gradient at the current parameters.
 * @see https://www.cs.toronto.edu/~jmartens/docs/Deep_HessianFree.pdf (Martens, 2010, section 4.2)
 * @example
 * // A linear model z = x·w under the mean squared error: G = (2/n)·xᵀx, here xᵀx.
 * const w = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
 * const x = tensor([[1, 2], [-1, 0.5]], { dtype: 'float64' });
 * const y = tensor([1, 0], { dtype: 'float64' });
 * const flat = new optim.FlatParams([w], 'gaussNewton');
 * const { loss, gradient, product } = gaussNewton(flat, { outputs: () => x.matmul(w), loss: (z) => mseLoss(z, y) });
 * loss; // => 0.5
 * gradient; // => [-1, -2]
 * product(Float64Array.from([1, 0])); // => [2, 1.5]
 */
export function gaussNewton(
  flat: FlatParams,
  objective: GaussNewtonObjective,
): { loss: number; gradient: Float64Array; product: (v: Float64Array) => Float64Array } {
  const params = flat.params;
  return enableGrad(() => {
    const z = objective.outputs();
    if (!z.requiresGrad) throw new ValueError('HessianFree: the outputs do not depend on the parameters');
    const zData = z.detach();
    const lossValue = objective.loss(z);
    const gradient = concat(flat, gradients(lossValue, params, { retainGraph: true, allowUnused: true }));
    const u = zerosLike(z).requiresGrad_();
    const jtu = gradients(z, params, {
      gradient: u,
      createGraph: true,
      retainGraph: true,
      allowUnused: true,
    });
    const product = (v: Float64Array): Float64Array => {
      const vs = split(flat, v);
      const inner = jtu.map((w, i) => sum(mul(w, vs[i]!))).reduce((a, b) => add(a, b));
      const [jv] = gradients(inner, [u], { retainGraph: true, allowUnused: true });
      const hjv = hvp(objective.loss, zData, jv!.detach());
      return concat(flat, gradients(z, params, { gradient: hjv, retainGraph: true, allowUnused: true }));
    };
    return { loss: lossValue.item(), gradient, product };
  });
}

export interface HessianFreeOptions {
  /** The initial Tikhonov damping λ of G + λI (default 1; adapted by the Levenberg–Marquardt rule). */
  damping?: number;
  /** Conjugate-gradient iterations per step (default 50). */
  cgMaxIter?: number;
  /** Stop CG when the residual falls below this fraction of ‖∇L‖ (default 1e-6). */
  cgTolerance?: number;
  /** CG starts from this multiple of the previous step's solution (default 0.95, as Martens). */
  warmStart?: number;
}

/**
 * Hessian-free optimisation (truncated Newton on the Gauss–Newton matrix): each `step` solves
 * (G + λI)·d = −∇L approximately by conjugate gradient, using only G·v products (see
 * {@link gaussNewton}), backtracks along d until the loss falls, and adapts λ by the reduction
 * ratio ρ = (L(θ + d) − L(θ)) / (∇L·d + ½dᵀGd): λ ← 1.5λ when ρ < ¼, λ ← ⅔λ when ρ > ¾.
 * G is positive semi-definite for convex losses, so CG is well defined where the Hessian may not be.
 * @see https://www.cs.toronto.edu/~jmartens/docs/Deep_HessianFree.pdf (Martens, Deep learning via Hessian-free optimization, 2010)
 * @example
 * const w = tensor([0, 0], { requiresGrad: true });
 * const x = tensor([[1, 2], [-1, 0.5]]);
 * const y = tensor([1, 0], { dtype: 'int32' });
 * const opt = new HessianFree([w], { damping: 1 });
 * opt.step({ outputs: () => stack([x.mul(w).sum(1), zeros([2])], 1), loss: (z) => crossEntropy(z, y) }); // the loss before: ln 2
 */
export class HessianFree {
  readonly flat: FlatParams;
  damping: number;
  readonly cgMaxIter: number;
  readonly cgTolerance: number;
  readonly warmStart: number;
  private previous: Float64Array | null = null;

  constructor(params: Iterable<Tensor>, options: HessianFreeOptions = {}) {
    const { damping = 1, cgMaxIter = 50, cgTolerance = 1e-6, warmStart = 0.95 } = options;
    checkOptionKeys(options, ['damping', 'cgMaxIter', 'cgTolerance', 'warmStart'], 'HessianFree');
    this.flat = new FlatParams(params, 'HessianFree');
    checkNonNegative('HessianFree', 'damping', damping);
    checkPositiveInteger('HessianFree', 'cgMaxIter', cgMaxIter);
    checkNonNegative('HessianFree', 'cgTolerance', cgTolerance);
    checkNonNegative('HessianFree', 'warmStart', warmStart);
    this.damping = damping;
    this.cgMaxIter = cgMaxIter;
    this.cgTolerance = cgTolerance;
    this.warmStart = warmStart;
  }

  /**
   * One Hessian-free step; returns the loss before it.
   * @example
   * // Least squares in a linear model: with little damping one step lands near the solution [1, 0].
   * const w = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
   * const x = tensor([[1, 2], [-1, 0.5]], { dtype: 'float64' });
   * const y = tensor([1, -1], { dtype: 'float64' });
   * const opt = new HessianFree([w], { damping: 1e-6 });
   * const loss = opt.step({ outputs: () => x.matmul(w), loss: (z) => mseLoss(z, y) });
   * loss; // => 1
   * w; // => [1, 0]
   */
  step(objective: GaussNewtonObjective): number {
    const { loss, gradient, product } = gaussNewton(this.flat, objective);
    const damped = (v: Float64Array) => product(v).map((gv, i) => gv + this.damping * v[i]!);
    const start = this.previous
      ? this.previous.map((x) => x * this.warmStart)
      : new Float64Array(gradient.length);
    const d = conjugateGradientSolve(
      damped,
      gradient.map((g) => -g),
      start,
      this.cgMaxIter,
      this.cgTolerance,
    );
    const gd = dot(gradient, d);
    const model = gd + 0.5 * dot(d, product(d));
    const x = this.flat.values();
    const lossAt = (t: number): number => {
      this.flat.set(x);
      this.flat.addScaled(t, d);
      return enableGrad(() => objective.loss(objective.outputs()).item());
    };
    let t = 1;
    let next = lossAt(t);
    // Backtrack (Armijo, c = 1e-2) when the full step overshoots; give up after 20 halvings.
    for (let i = 0; i < 20 && !(next <= loss + 1e-2 * t * gd); i++) {
      t *= 0.5;
      next = lossAt(t);
    }
    if (!(next <= loss)) {
      this.flat.set(x);
      t = 0;
    }
    const full = t === 1 ? next : lossAt(1);
    const rho = model < 0 ? (full - loss) / model : 0;
    this.flat.set(x);
    this.flat.addScaled(t, d);
    if (rho < 0.25) this.damping *= 1.5;
    else if (rho > 0.75) this.damping *= 2 / 3;
    this.previous = d;
    return loss;
  }
}

/**
 * Solves A·x = b for a symmetric positive definite A given as a product v ↦ A·v, by linear
 * conjugate gradient from x₀, for at most `maxIter` iterations or until ‖r‖ ≤ tol·‖b‖.
 * @see Nocedal & Wright, Numerical Optimization (2nd ed.), algorithm 5.2
 * @example
 * conjugateGradientSolve((v) => v.map((x) => 2 * x), Float64Array.from([2, 4]), new Float64Array(2), 10, 1e-10); // [1, 2]
 */
export function conjugateGradientSolve(
  apply: (v: Float64Array) => Float64Array,
  b: Float64Array,
  x0: Float64Array,
  maxIter: number,
  tol: number,
): Float64Array {
  const x = Float64Array.from(x0);
  const ax = apply(x);
  const r = b.map((bi, i) => bi - ax[i]!);
  const p = Float64Array.from(r);
  let rr = dot(r, r);
  const stop = tol * tol * dot(b, b);
  for (let k = 0; k < maxIter && rr > stop; k++) {
    const ap = apply(p);
    const pap = dot(p, ap);
    if (!(pap > 0)) break; // not positive definite along p (or numerically zero): stop here
    const alpha = rr / pap;
    for (let i = 0; i < x.length; i++) {
      x[i] = x[i]! + alpha * p[i]!;
      r[i] = r[i]! - alpha * ap[i]!;
    }
    const next = dot(r, r);
    const beta = next / rr;
    rr = next;
    for (let i = 0; i < p.length; i++) p[i] = r[i]! + beta * p[i]!;
  }
  return x;
}
