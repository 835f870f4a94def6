import { type Tensor, ValueError } from '../index.js';

/** The k nearest codes of each query: their row indices and distances, nearest first. */
export interface Neighbors {
  indices: number[][];
  distances: number[][];
}

/**
 * The `k` rows of `codes` [n, d] nearest to each row of `query` ([m, d], or one [d] vector), by
 * Euclidean distance or by cosine distance 1 − cos θ: retrieval on an autoencoder's codes.
 * @example
 * const codes = tensor([[0, 0], [1, 0], [5, 5]]);
 * nearestNeighbors(codes, tensor([0.9, 0.1]), 2).indices; // [[1, 0]]
 */
export function nearestNeighbors(
  codes: Tensor,
  query: Tensor,
  k: number,
  { metric = 'euclidean' }: { metric?: 'euclidean' | 'cosine' } = {},
): Neighbors {
  if (codes.ndim !== 2)
    throw new ValueError(`nearestNeighbors: codes must be [n, d], got [${codes.shape.join(', ')}]`);
  const [n, d] = codes.shape as [number, number];
  const q = query.ndim === 1 ? query.reshape([1, query.shape[0]!]) : query;
  if (q.ndim !== 2 || q.shape[1] !== d) {
    throw new ValueError(
      `nearestNeighbors: query must be [m, ${d}] or [${d}], got [${query.shape.join(', ')}]`,
    );
  }
  if (!Number.isSafeInteger(k) || k < 1 || k > n) {
    throw new ValueError(`nearestNeighbors: k must be an integer in [1, ${n}], got ${k}`);
  }
  if (metric !== 'euclidean' && metric !== 'cosine') {
    throw new ValueError(
      `nearestNeighbors: metric must be 'euclidean' or 'cosine', got ${JSON.stringify(metric)}`,
    );
  }
  const c = codes.contiguous().data();
  const qs = q.contiguous().data();
  const norms = Array.from({ length: n }, (_, i) => Math.hypot(...c.subarray(i * d, (i + 1) * d)));
  const out: Neighbors = { indices: [], distances: [] };
  for (let r = 0; r < q.shape[0]!; r++) {
    const x = qs.subarray(r * d, (r + 1) * d);
    const xNorm = Math.hypot(...x);
    const dist = norms.map((norm, i) => {
      let dotp = 0;
      let sq = 0;
      for (let j = 0; j < d; j++) {
        const cij = c[i * d + j]!;
        dotp += cij * x[j]!;
        sq += (cij - x[j]!) ** 2;
      }
      return metric === 'euclidean' ? Math.sqrt(sq) : 1 - dotp / (norm * xNorm || 1);
    });
    const order = dist.map((_, i) => i).sort((a, b) => dist[a]! - dist[b]! || a - b);
    out.indices.push(order.slice(0, k));
    out.distances.push(order.slice(0, k).map((i) => dist[i]!));
  }
  return out;
}
