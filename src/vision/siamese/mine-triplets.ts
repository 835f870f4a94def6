import { cdist, noGrad, ShapeError, type Tensor, tensor, ValueError } from '../../index.js';

/**
 * Which triplets of a batch to train on: 'all' valid ones, the 'hard' ones (each anchor with its
 * farthest positive and nearest negative, "batch hard") or the 'semi-hard' ones of FaceNet.
 */
export type MiningStrategy = 'all' | 'hard' | 'semi-hard';

/** Triplets as three int32 index tensors into the batch, one entry per triplet. */
export interface Triplets {
  anchor: Tensor;
  positive: Tensor;
  negative: Tensor;
}

/** The pairwise distance matrix of the batch as rows of numbers (no gradient). */
function distanceRows(embeddings: Tensor): number[][] {
  const d = noGrad(() => cdist(embeddings, embeddings)).data();
  const n = embeddings.shape[0]!;
  return Array.from({ length: n }, (_, i) => Array.from(d.subarray(i * n, (i + 1) * n)));
}

function semiHardNegative(d: readonly number[], dap: number, negatives: readonly number[]): number {
  // FaceNet's semi-hard negative: the nearest one farther than the positive (the loss still
  // counts it when it lies within the margin); when none is, the farthest one inside.
  let outside = -1;
  let inside = -1;
  for (const n of negatives) {
    if (d[n]! > dap && (outside < 0 || d[n]! < d[outside]!)) outside = n;
    if (d[n]! <= dap && (inside < 0 || d[n]! > d[inside]!)) inside = n;
  }
  return outside >= 0 ? outside : inside;
}

/**
 * Picks training triplets (anchor, positive, negative) within a batch of embeddings [N, D] with
 * labels [N]: a positive shares the anchor's label (and is not the anchor), a negative does not.
 * 'all' returns every valid triplet; 'hard' one per anchor: its farthest positive and nearest
 * negative (Hermans et al.'s batch hard); 'semi-hard' one per (anchor, positive) pair: the
 * nearest negative that is still farther than the positive (FaceNet), or the farthest negative
 * when all are nearer. Anchors without a positive or a negative are skipped.
 * @see https://arxiv.org/abs/1503.03832
 * @see https://arxiv.org/abs/1703.07737
 * @example
 * const embeddings = tensor([[0, 0], [0, 1], [0, 3], [0, 0.5]]);
 * const labels = tensor([0, 0, 1, 1], { dtype: 'int32' });
 * mineTriplets(embeddings, labels, 'hard').negative; // [3, 3, 1, 0]
 */
export function mineTriplets(
  embeddings: Tensor,
  labels: Tensor,
  strategy: MiningStrategy = 'semi-hard',
): Triplets {
  if (embeddings.ndim !== 2 || labels.ndim !== 1 || labels.shape[0] !== embeddings.shape[0])
    throw new ShapeError(
      `mineTriplets: embeddings must be [N, D] with labels [N], got [${embeddings.shape.join(', ')}] and [${labels.shape.join(', ')}]`,
    );
  if (!['all', 'hard', 'semi-hard'].includes(strategy))
    throw new ValueError(
      `mineTriplets: strategy must be 'all', 'hard' or 'semi-hard', got '${String(strategy)}'`,
    );
  const y = labels.data();
  const n = y.length;
  const dist = distanceRows(embeddings);
  const out: [number[], number[], number[]] = [[], [], []];
  const push = (a: number, p: number, q: number) => {
    out[0].push(a);
    out[1].push(p);
    out[2].push(q);
  };
  for (let a = 0; a < n; a++) {
    const positives = Array.from({ length: n }, (_, i) => i).filter((i) => i !== a && y[i] === y[a]);
    const negatives = Array.from({ length: n }, (_, i) => i).filter((i) => y[i] !== y[a]);
    if (positives.length === 0 || negatives.length === 0) continue;
    const d = dist[a]!;
    if (strategy === 'hard') {
      const p = positives.reduce((best, i) => (d[i]! > d[best]! ? i : best));
      const q = negatives.reduce((best, i) => (d[i]! < d[best]! ? i : best));
      push(a, p, q);
    } else {
      for (const p of positives) {
        if (strategy === 'all') for (const q of negatives) push(a, p, q);
        else push(a, p, semiHardNegative(d, d[p]!, negatives));
      }
    }
  }
  const int = (v: number[]) => tensor(Int32Array.from(v));
  return { anchor: int(out[0]), positive: int(out[1]), negative: int(out[2]) };
}
