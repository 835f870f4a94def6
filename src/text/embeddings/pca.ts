/**
 * Principal component analysis of a few thousand points at most: the covariance matrix and its
 * top eigenvectors by power iteration with deflation (enough for 2 or 3 components).
 */
import { ShapeError, ValueError } from '../../index.js';

/** What `pca` returns. */
export interface PcaResult {
  /** The centred points projected on the components, `[n, components]`. */
  projected: Float64Array;
  /** Unit principal directions, `[components, dim]`, each with its largest entry positive. */
  components: Float64Array;
  /** The variance along each component (the covariance's eigenvalues, divided by n − 1). */
  explainedVariance: number[];
}

/**
 * Projects `n = data.length / dim` points (rows of `data`) on their `components` principal
 * directions (default 2).
 * @example
 * // points on the line y = 2x: all the variance lies along (1, 2)/√5
 * pca([1, 2, 2, 4, 3, 6], 2, { components: 1 }).components; // [0.447, 0.894]
 */
export function pca(data: ArrayLike<number>, dim: number, { components = 2 } = {}): PcaResult {
  if (!Number.isSafeInteger(dim) || dim < 1 || data.length % dim !== 0)
    throw new ShapeError(`pca: data must hold n × dim numbers (dim ${dim}), got ${data.length}`);
  const n = data.length / dim;
  if (!Number.isSafeInteger(components) || components < 1 || components > dim)
    throw new ValueError(`pca: components must be an integer in [1, ${dim}], got ${components}`);
  if (n < 2) throw new ValueError(`pca: needs at least 2 points, got ${n}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j]! += data[i * dim + j]! / n;
  const centred = Float64Array.from(data, (x, k) => x - mean[k % dim]!);
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < dim; a++) {
      const xa = centred[i * dim + a]!;
      for (let b = 0; b < dim; b++) cov[a * dim + b]! += (xa * centred[i * dim + b]!) / (n - 1);
    }
  const directions = new Float64Array(components * dim);
  const explainedVariance: number[] = [];
  for (let c = 0; c < components; c++) {
    const [v, lambda] = topEigenvector(cov, dim, c);
    directions.set(v, c * dim);
    explainedVariance.push(lambda);
    // Deflate: C ← C − λ v vᵀ, so the next power iteration finds the next direction.
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b]! -= lambda * v[a]! * v[b]!;
  }
  const projected = new Float64Array(n * components);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < components; c++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += centred[i * dim + j]! * directions[c * dim + j]!;
      projected[i * components + c] = s;
    }
  return { projected, components: directions, explainedVariance };
}

/** The top eigenvector and eigenvalue of a symmetric PSD matrix, by power iteration. */
function topEigenvector(m: Float64Array, dim: number, salt: number): [Float64Array, number] {
  // A fixed, not-too-special start: deterministic, and unlikely to be orthogonal to the answer.
  let v = Float64Array.from({ length: dim }, (_, j) => 1 + ((j * 7 + salt * 3) % 11) / 10);
  let lambda = 0;
  for (let iteration = 0; iteration < 10000; iteration++) {
    const next = new Float64Array(dim);
    for (let a = 0; a < dim; a++) {
      let s = 0;
      for (let b = 0; b < dim; b++) s += m[a * dim + b]! * v[b]!;
      next[a] = s;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return [v.map(() => 0), 0];
    const change = next.reduce((acc, x, j) => acc + Math.abs(x / norm - v[j]!), 0);
    v = next.map((x) => x / norm);
    lambda = norm;
    if (change < 1e-13) break;
  }
  let largest = 0;
  for (let j = 1; j < dim; j++) if (Math.abs(v[j]!) > Math.abs(v[largest]!)) largest = j;
  if (v[largest]! < 0) v = v.map((x) => -x);
  return [v, lambda];
}
