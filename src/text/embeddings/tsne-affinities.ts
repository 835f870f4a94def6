/**
 * t-SNE's input affinities P: per point a Gaussian over the others whose width gives the asked
 * perplexity, symmetrized. Exact (every pair, `[n, n]`) for exact t-SNE, or sparse over each
 * point's 3·perplexity nearest neighbours for Barnes–Hut t-SNE (van der Maaten 2014, as
 * scikit-learn's `method='barnes_hut'`).
 * @see https://jmlr.org/papers/v15/vandermaaten14a.html
 */
import { matmul, ShapeError, tensor, transpose, ValueError } from '../../index.js';

/** Sparse symmetric affinities: row i's entries are `values[rowStarts[i] .. rowStarts[i + 1])`. */
export interface SparseAffinities {
  n: number;
  rowStarts: Int32Array;
  /** The column of each entry, ascending within a row. */
  columns: Int32Array;
  values: Float64Array;
}

/**
 * Fills `out` with p_j ∝ exp(−β d2_j), β found by bisection so that the distribution's
 * perplexity e^H (H its entropy in nats) is `perplexity`.
 */
function conditionalRow(d2: Float64Array, perplexity: number, out: Float64Array): void {
  const target = Math.log(perplexity);
  // Distances shifted by their minimum, for stability: it cancels in the normalisation.
  let minD = Number.POSITIVE_INFINITY;
  for (const d of d2) minD = Math.min(minD, d);
  let [beta, lo, hi] = [1, 0, Number.POSITIVE_INFINITY];
  for (let step = 0; step < 100; step++) {
    let sum = 0;
    let weighted = 0;
    for (let j = 0; j < d2.length; j++) {
      out[j] = Math.exp(-beta * (d2[j]! - minD));
      sum += out[j]!;
      weighted += out[j]! * (d2[j]! - minD);
    }
    const entropy = Math.log(sum) + (beta * weighted) / sum;
    for (let j = 0; j < d2.length; j++) out[j]! /= sum;
    if (Math.abs(entropy - target) < 1e-10) break;
    if (entropy > target) [lo, beta] = [beta, hi === Number.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2];
    else [hi, beta] = [beta, (beta + lo) / 2];
  }
}

function checkPoints(data: ArrayLike<number>, dim: number, perplexity: number, op: string): number {
  if (!Number.isSafeInteger(dim) || dim < 1 || data.length % dim !== 0)
    throw new ShapeError(`${op}: data must hold n × dim numbers (dim ${dim}), got ${data.length}`);
  const n = data.length / dim;
  if (!(perplexity > 0 && perplexity < n))
    throw new ValueError(`${op}: perplexity must be in (0, ${n}) for ${n} points, got ${perplexity}`);
  return n;
}

function squaredDistance(data: ArrayLike<number>, dim: number, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += (data[i * dim + k]! - data[j * dim + k]!) ** 2;
  return s;
}

/**
 * The symmetric input affinities P over every pair: p_ij = (p_j|i + p_i|j) / 2n, with p_j|i the
 * Gaussian around point i whose perplexity is `perplexity`. Returns `[n, n]`.
 * @example
 * const p = tsneAffinities([0, 0, 1, 0, 0, 1], 2, 1.5); // 3 points: a 3 × 3 matrix summing to 1
 */
export function tsneAffinities(data: ArrayLike<number>, dim: number, perplexity: number): Float64Array {
  const n = checkPoints(data, dim, perplexity, 'tsneAffinities');
  const conditional = new Float64Array(n * n);
  const d2 = new Float64Array(n - 1);
  const row = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n - 1; j++) d2[j] = squaredDistance(data, dim, i, j < i ? j : j + 1);
    conditionalRow(d2, perplexity, row);
    for (let j = 0; j < n - 1; j++) conditional[i * n + (j < i ? j : j + 1)] = row[j]!;
  }
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) p[i * n + j] = (conditional[i * n + j]! + conditional[j * n + i]!) / (2 * n);
  return p;
}

/**
 * The `k` nearest neighbours of every point (itself excluded), nearest first: `[n, k]` indices.
 * Squared distances come from one product per block of rows (‖a‖² + ‖b‖² − 2a·b, float32 GEMM),
 * so near-ties may be ordered by float rounding.
 */
function nearestNeighbours(data: ArrayLike<number>, dim: number, k: number): Int32Array {
  const n = data.length / dim;
  const x = Float32Array.from(data);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) norms[i]! += x[i * dim + j]! ** 2;
  const xT = transpose(tensor(x, { shape: [n, dim] }));
  const result = new Int32Array(n * k);
  const best = new Int32Array(k);
  const bestD = new Float64Array(k);
  const block = 256;
  for (let b0 = 0; b0 < n; b0 += block) {
    const b1 = Math.min(n, b0 + block);
    const dots = matmul(tensor(x.subarray(b0 * dim, b1 * dim), { shape: [b1 - b0, dim] }), xT).data();
    for (let i = b0; i < b1; i++) {
      let found = 0; // best[0 .. found) sorted by distance
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const d = norms[i]! + norms[j]! - 2 * dots[(i - b0) * n + j]!;
        if (found === k && d >= bestD[k - 1]!) continue;
        let at = found < k ? found++ : k - 1;
        for (; at > 0 && bestD[at - 1]! > d; at--) [best[at], bestD[at]] = [best[at - 1]!, bestD[at - 1]!];
        [best[at], bestD[at]] = [j, d];
      }
      result.set(best, i * k);
    }
  }
  return result;
}

/**
 * Sparse affinities for Barnes–Hut t-SNE: p_j|i over point i's ⌊3·perplexity⌋ + 1 nearest
 * neighbours only (at most n − 1; scikit-learn's choice: beyond them the Gaussian is negligible),
 * then p_ij = (p_j|i + p_i|j) / 2n over the union of both neighbourhoods.
 * @example
 * const p = tsneSparseAffinities([0, 0.1, 5, 5.1, 10, 10.1, 20, 20.1], 1, 1); // 8 points, 4 neighbours each
 * p.values.reduce((s, v) => s + v, 0); // => 1
 */
export function tsneSparseAffinities(
  data: ArrayLike<number>,
  dim: number,
  perplexity: number,
): SparseAffinities {
  const n = checkPoints(data, dim, perplexity, 'tsneSparseAffinities');
  const k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
  const neighbours = nearestNeighbours(data, dim, k);
  const conditional = new Float64Array(n * k);
  const d2 = new Float64Array(k);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    // Exact distances in double for the chosen neighbours (the search's were float32).
    for (let m = 0; m < k; m++) d2[m] = squaredDistance(data, dim, i, neighbours[i * k + m]!);
    conditionalRow(d2, perplexity, row);
    conditional.set(row, i * k);
  }
  return symmetrize(n, k, neighbours, conditional);
}

/** P + Pᵀ over 2n, as compressed rows with ascending columns (an entry in both adds up). */
function symmetrize(
  n: number,
  k: number,
  neighbours: Int32Array,
  conditional: Float64Array,
): SparseAffinities {
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++)
    for (let m = 0; m < k; m++) {
      const j = neighbours[i * k + m]!;
      const v = conditional[i * k + m]! / (2 * n);
      rows[i]!.set(j, (rows[i]!.get(j) ?? 0) + v);
      rows[j]!.set(i, (rows[j]!.get(i) ?? 0) + v);
    }
  const rowStarts = new Int32Array(n + 1);
  rows.forEach((r, i) => {
    rowStarts[i + 1] = rowStarts[i]! + r.size;
  });
  const columns = new Int32Array(rowStarts[n]!);
  const values = new Float64Array(rowStarts[n]!);
  rows.forEach((r, i) => {
    const sorted = [...r.keys()].sort((a, b) => a - b);
    sorted.forEach((j, m) => {
      columns[rowStarts[i]! + m] = j;
      values[rowStarts[i]! + m] = r.get(j)!;
    });
  });
  return { n, rowStarts, columns, values };
}
