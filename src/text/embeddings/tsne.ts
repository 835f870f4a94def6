/**
 * t-SNE (van der Maaten and Hinton 2008) to two dimensions: Barnes–Hut (van der Maaten 2014,
 * O(n log n) per iteration, tsne-barnes-hut.ts) for thousands of points, or exact (O(n²), for a
 * few hundred to a couple of thousand), with the same optimiser.
 * @see https://www.jmlr.org/papers/v9/vandermaaten08a.html
 * @see https://jmlr.org/papers/v15/vandermaaten14a.html
 */
import { Generator, ShapeError, ValueError } from '../../index.js';
import { tsneAffinities, tsneSparseAffinities } from './tsne-affinities.js';
import { tsneGradientBarnesHut } from './tsne-barnes-hut.js';

/** Options of `tsne`; the defaults are scikit-learn's. */
export interface TsneOptions {
  /** The effective number of neighbours (default 30); must be below the number of points. */
  perplexity?: number;
  iterations?: number;
  /** Default max(n / earlyExaggeration / 4, 50) (scikit-learn's 'auto'). */
  learningRate?: number;
  /** P is multiplied by this for the first `exaggerationIterations` (defaults 12 and 250). */
  earlyExaggeration?: number;
  exaggerationIterations?: number;
  seed?: number;
  /**
   * 'barnes-hut' (default, as scikit-learn): sparse P over 3·perplexity neighbours and a
   * quadtree for the repulsion; 'exact': every pair.
   */
  method?: 'barnes-hut' | 'exact';
  /** Barnes–Hut's angle θ in [0, 1) (default 0.5): larger is faster and coarser; 0 is exact. */
  theta?: number;
}

/**
 * KL(P ‖ Q) and its gradient with respect to the 2-D embedding `y` `[n, 2]`, where
 * q_ij ∝ (1 + ‖y_i − y_j‖²)⁻¹: ∂KL/∂y_i = 4 Σ_j (p_ij − q_ij)(y_i − y_j)(1 + ‖y_i − y_j‖²)⁻¹.
 * @example
 * const { kl, grad } = tsneGradient(new Float64Array([0, 0.5, 0.5, 0]), new Float64Array([0, 0, 1, 0]));
 * // two points: Q = P whatever their distance, so kl = 0 and grad = [0, 0, 0, 0]
 */
export function tsneGradient(p: Float64Array, y: Float64Array): { kl: number; grad: Float64Array } {
  const n = y.length / 2;
  const num = new Float64Array(n * n);
  let z = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = 1 / (1 + (y[2 * i]! - y[2 * j]!) ** 2 + (y[2 * i + 1]! - y[2 * j + 1]!) ** 2);
      num[i * n + j] = v;
      num[j * n + i] = v;
      z += 2 * v;
    }
  const grad = new Float64Array(2 * n);
  let kl = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const pij = p[i * n + j]!;
      const qij = num[i * n + j]! / z;
      if (pij > 0) kl += pij * Math.log(pij / qij);
      const m = 4 * (pij - qij) * num[i * n + j]!;
      grad[2 * i]! += m * (y[2 * i]! - y[2 * j]!);
      grad[2 * i + 1]! += m * (y[2 * i + 1]! - y[2 * j + 1]!);
    }
  return { kl, grad };
}

/**
 * Embeds `n = data.length / dim` points in 2-D with t-SNE: gradient descent with momentum
 * (0.5, then 0.8), per-coordinate gains and early exaggeration, from a seeded N(0, 10⁻⁴) start.
 * Returns `[n, 2]`.
 * @example
 * const data = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 10) + Math.sin(i)); // two groups, dim 1
 * const y = tsne(data, 1, { perplexity: 5, iterations: 300 }); // Float64Array [80]: 40 points in 2-D
 */
export function tsne(data: ArrayLike<number>, dim: number, options: TsneOptions = {}): Float64Array {
  const { perplexity = 30, iterations = 1000, earlyExaggeration = 12 } = options;
  const { exaggerationIterations = 250, seed = 0, method = 'barnes-hut', theta = 0.5 } = options;
  if (!Number.isSafeInteger(dim) || dim < 1 || data.length % dim !== 0)
    throw new ShapeError(`tsne: data must hold n × dim numbers (dim ${dim}), got ${data.length}`);
  const n = data.length / dim;
  if (!(perplexity > 0 && perplexity < n))
    throw new ValueError(`tsne: perplexity must be in (0, ${n}) for ${n} points, got ${perplexity}`);
  if (!Number.isSafeInteger(iterations) || iterations < 0)
    throw new ValueError(`tsne: iterations must be an integer ≥ 0, got ${iterations}`);
  if (method !== 'barnes-hut' && method !== 'exact')
    throw new ValueError(`tsne: method must be 'barnes-hut' or 'exact', got '${method}'`);
  if (!(theta >= 0 && theta < 1)) throw new ValueError(`tsne: theta must be in [0, 1), got ${theta}`);
  const learningRate = options.learningRate ?? Math.max(n / earlyExaggeration / 4, 50);
  const gradient = gradientOf(data, dim, perplexity, method, theta, earlyExaggeration);
  const rng = new Generator(seed);
  const y = Float64Array.from({ length: 2 * n }, () => 1e-2 * rng.normal());
  const velocity = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  for (let t = 0; t < iterations; t++) {
    const grad = gradient(y, t < exaggerationIterations);
    const momentum = t < exaggerationIterations ? 0.5 : 0.8;
    for (let k = 0; k < 2 * n; k++) {
      // Grow the step where the gradient keeps pointing the way we are already moving.
      gains[k] =
        Math.sign(grad[k]!) !== Math.sign(velocity[k]!) ? gains[k]! + 0.2 : Math.max(0.01, gains[k]! * 0.8);
      velocity[k] = momentum * velocity[k]! - learningRate * gains[k]! * grad[k]!;
      y[k]! += velocity[k]!;
    }
    for (const axis of [0, 1]) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += y[2 * i + axis]! / n;
      for (let i = 0; i < n; i++) y[2 * i + axis]! -= mean;
    }
  }
  return y;
}

/** The gradient of KL(P ‖ Q) in y by either method, with P exaggerated when asked. */
function gradientOf(
  data: ArrayLike<number>,
  dim: number,
  perplexity: number,
  method: 'barnes-hut' | 'exact',
  theta: number,
  earlyExaggeration: number,
): (y: Float64Array, exaggerate: boolean) => Float64Array {
  if (method === 'barnes-hut') {
    const p = tsneSparseAffinities(data, dim, perplexity);
    return (y, exaggerate) =>
      tsneGradientBarnesHut(p, y, {
        theta,
        exaggeration: exaggerate ? earlyExaggeration : 1,
        computeKl: false,
      }).grad;
  }
  const p = tsneAffinities(data, dim, perplexity);
  const exaggerated = p.map((x) => x * earlyExaggeration);
  return (y, exaggerate) => tsneGradient(exaggerate ? exaggerated : p, y).grad;
}
