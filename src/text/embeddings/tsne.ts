/**
 * Exact t-SNE (van der Maaten and Hinton 2008) to two dimensions: O(n²) per iteration, meant
 * for a few hundred to a couple of thousand points (the words of a plot). Barnes–Hut is not here.
 * @see https://www.jmlr.org/papers/v9/vandermaaten08a.html
 */
import { Generator, ShapeError, ValueError } from '../../index.js';

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
}

/**
 * The symmetric input affinities P: for each point a Gaussian whose width is found by bisection
 * so that the conditional distribution's perplexity e^H (H its entropy in nats) equals `perplexity`; then
 * p_ij = (p_j|i + p_i|j) / 2n. Returns `[n, n]`.
 * @example
 * const p = tsneAffinities([0, 0, 1, 0, 0, 1], 2, 1.5); // 3 points: a 3 × 3 matrix summing to 1
 */
export function tsneAffinities(data: ArrayLike<number>, dim: number, perplexity: number): Float64Array {
  const n = data.length / dim;
  const d2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += (data[i * dim + k]! - data[j * dim + k]!) ** 2;
      d2[i * n + j] = s;
      d2[j * n + i] = s;
    }
  const target = Math.log(perplexity);
  const conditional = new Float64Array(n * n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let [beta, lo, hi] = [1, 0, Number.POSITIVE_INFINITY];
    for (let step = 0; step < 100; step++) {
      // Entropy in nats of p_j|i ∝ exp(−β d²_ij), distances shifted by their minimum for stability.
      let minD = Number.POSITIVE_INFINITY;
      for (let j = 0; j < n; j++) if (j !== i) minD = Math.min(minD, d2[i * n + j]!);
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < n; j++) {
        row[j] = j === i ? 0 : Math.exp(-beta * (d2[i * n + j]! - minD));
        sum += row[j]!;
        weighted += row[j]! * (d2[i * n + j]! - minD);
      }
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      for (let j = 0; j < n; j++) conditional[i * n + j] = row[j]! / sum;
      if (Math.abs(entropy - target) < 1e-10) break;
      if (entropy > target) [lo, beta] = [beta, hi === Number.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2];
      else [hi, beta] = [beta, (beta + lo) / 2];
    }
  }
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) p[i * n + j] = (conditional[i * n + j]! + conditional[j * n + i]!) / (2 * n);
  return p;
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
 * Embeds `n = data.length / dim` points in 2-D with exact t-SNE: gradient descent with momentum
 * (0.5, then 0.8), per-coordinate gains and early exaggeration, from a seeded N(0, 10⁻⁴) start.
 * Returns `[n, 2]`.
 * @example
 * const data = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 10) + Math.sin(i)); // two groups, dim 1
 * const y = tsne(data, 1, { perplexity: 5, iterations: 300 }); // Float64Array [80]: 40 points in 2-D
 */
export function tsne(data: ArrayLike<number>, dim: number, options: TsneOptions = {}): Float64Array {
  const { perplexity = 30, iterations = 1000, earlyExaggeration = 12 } = options;
  const { exaggerationIterations = 250, seed = 0 } = options;
  if (!Number.isSafeInteger(dim) || dim < 1 || data.length % dim !== 0)
    throw new ShapeError(`tsne: data must hold n × dim numbers (dim ${dim}), got ${data.length}`);
  const n = data.length / dim;
  if (!(perplexity > 0 && perplexity < n))
    throw new ValueError(`tsne: perplexity must be in (0, ${n}) for ${n} points, got ${perplexity}`);
  if (!Number.isSafeInteger(iterations) || iterations < 0)
    throw new ValueError(`tsne: iterations must be an integer ≥ 0, got ${iterations}`);
  const learningRate = options.learningRate ?? Math.max(n / earlyExaggeration / 4, 50);
  const p = tsneAffinities(data, dim, perplexity);
  const exaggerated = p.map((x) => x * earlyExaggeration);
  const rng = new Generator(seed);
  const y = Float64Array.from({ length: 2 * n }, () => 1e-2 * rng.normal());
  const velocity = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  for (let t = 0; t < iterations; t++) {
    const { grad } = tsneGradient(t < exaggerationIterations ? exaggerated : p, y);
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
