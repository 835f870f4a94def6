/**
 * The Barnes–Hut t-SNE gradient (van der Maaten 2014): O(N log N) per iteration instead of
 * exact t-SNE's O(N²). With q_ij = w_ij / Z, w_ij = (1 + ‖y_i − y_j‖²)⁻¹ and Z = Σ_{k≠l} w_kl,
 *   ∂KL/∂y_i = 4 (Σ_j p_ij w_ij (y_i − y_j) − Σ_j w_ij² (y_i − y_j) / Z):
 * the attractive sum runs over the sparse P (tsne-affinities.ts), and the repulsive sum and Z
 * over a quadtree of the embedding, where a cell seen from y_i at distance d under an angle
 * width / d < θ counts as its points all at its centre of mass. θ = 0 opens every cell: the
 * exact gradient for the same P.
 * @see https://jmlr.org/papers/v15/vandermaaten14a.html
 */
import type { SparseAffinities } from './tsne-affinities.js';

/**
 * A quadtree over 2-D points, in flat arrays. A node is a square (centre, half width) holding
 * its points' count and coordinate sums; a leaf holds one point, or several at (nearly) the same
 * place once cells are too small to split.
 */
class QuadTree {
  centreX: Float64Array;
  centreY: Float64Array;
  half: Float64Array;
  sumX: Float64Array;
  sumY: Float64Array;
  count: Int32Array;
  /** The first of a node's four children (−1 for a leaf). */
  child: Int32Array;
  /** A leaf's first point (−1 when empty). */
  point: Int32Array;
  /** The leaf each point is in. */
  leafOf: Int32Array;
  size = 0;

  constructor(y: Float64Array) {
    const n = y.length / 2;
    const capacity = 8 * n + 8;
    this.centreX = new Float64Array(capacity);
    this.centreY = new Float64Array(capacity);
    this.half = new Float64Array(capacity);
    this.sumX = new Float64Array(capacity);
    this.sumY = new Float64Array(capacity);
    this.count = new Int32Array(capacity);
    this.child = new Int32Array(capacity);
    this.point = new Int32Array(capacity);
    this.leafOf = new Int32Array(n);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      [minX, maxX] = [Math.min(minX, y[2 * i]!), Math.max(maxX, y[2 * i]!)];
      [minY, maxY] = [Math.min(minY, y[2 * i + 1]!), Math.max(maxY, y[2 * i + 1]!)];
    }
    const half = Math.max(maxX - minX, maxY - minY, 1e-12) / 2 + 1e-5;
    this.node((minX + maxX) / 2, (minY + maxY) / 2, half);
    for (let i = 0; i < n; i++) this.insert(i, y[2 * i]!, y[2 * i + 1]!, y);
  }

  private node(cx: number, cy: number, half: number): number {
    if (this.size === this.count.length) this.grow();
    const k = this.size++;
    [this.centreX[k], this.centreY[k], this.half[k]] = [cx, cy, half];
    [this.sumX[k], this.sumY[k], this.count[k], this.child[k], this.point[k]] = [0, 0, 0, -1, -1];
    return k;
  }

  private grow(): void {
    const grown = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(2 * a.length);
      b.set(a);
      return b;
    };
    this.centreX = grown(this.centreX);
    this.centreY = grown(this.centreY);
    this.half = grown(this.half);
    this.sumX = grown(this.sumX);
    this.sumY = grown(this.sumY);
    this.count = grown(this.count);
    this.child = grown(this.child);
    this.point = grown(this.point);
  }

  /** The child of `k` whose quadrant holds (x, y). */
  private quadrant(k: number, x: number, y: number): number {
    return this.child[k]! + (x >= this.centreX[k]! ? 1 : 0) + (y >= this.centreY[k]! ? 2 : 0);
  }

  private insert(i: number, x: number, y: number, points: Float64Array): void {
    let k = 0;
    for (;;) {
      if (this.child[k]! < 0) {
        if (this.count[k] === 0) this.point[k] = i;
        // Points closer than this share a leaf: splitting could go on forever for duplicates.
        if (this.count[k] === 0 || this.half[k]! < 1e-9) {
          this.add(k, x, y);
          this.leafOf[i] = k;
          return;
        }
        this.split(k, points);
      }
      this.add(k, x, y);
      k = this.quadrant(k, x, y);
    }
  }

  private add(k: number, x: number, y: number): void {
    this.sumX[k]! += x;
    this.sumY[k]! += y;
    this.count[k]!++;
  }

  /** Turns leaf `k` (one point) into four children and moves its point down. */
  private split(k: number, points: Float64Array): void {
    const h = this.half[k]! / 2;
    const [cx, cy] = [this.centreX[k]!, this.centreY[k]!];
    // Read before node() may grow (and so replace) the arrays.
    const first = this.node(cx - h, cy - h, h);
    this.node(cx + h, cy - h, h);
    this.node(cx - h, cy + h, h);
    this.node(cx + h, cy + h, h);
    this.child[k] = first;
    const p = this.point[k]!;
    this.point[k] = -1;
    const c = this.quadrant(k, points[2 * p]!, points[2 * p + 1]!);
    this.point[c] = p;
    this.leafOf[p] = c;
    this.add(c, points[2 * p]!, points[2 * p + 1]!);
  }
}

/** Σ_j w_ij² (y_i − y_j) for every i, and Z, from the tree: cells under an angle below θ whole. */
function repulsion(tree: QuadTree, y: Float64Array, theta: number): { repulsive: Float64Array; z: number } {
  const n = y.length / 2;
  const { child, count, half, leafOf } = tree;
  // Each node's centre of mass and squared width, once.
  const comX = new Float64Array(tree.size);
  const comY = new Float64Array(tree.size);
  const width2 = new Float64Array(tree.size);
  for (let k = 0; k < tree.size; k++) {
    comX[k] = tree.sumX[k]! / Math.max(count[k]!, 1);
    comY[k] = tree.sumY[k]! / Math.max(count[k]!, 1);
    width2[k] = 4 * half[k]! * half[k]!;
  }
  const theta2 = theta * theta;
  const repulsive = new Float64Array(2 * n);
  const stack = new Int32Array(4 * tree.size + 4);
  let z = 0;
  for (let i = 0; i < n; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const k = stack[--top]!;
      // i's own leaf counts only its other points (duplicates of i, at distance ~0).
      const m = count[k]! - (leafOf[i] === k ? 1 : 0);
      if (m === 0) continue;
      const dx = xi - comX[k]!;
      const dy = yi - comY[k]!;
      const d2 = dx * dx + dy * dy;
      const first = child[k]!;
      if (first < 0 || width2[k]! < theta2 * d2) {
        const w = 1 / (1 + d2);
        z += m * w;
        fx += m * w * w * dx;
        fy += m * w * w * dy;
      } else {
        stack[top++] = first;
        stack[top++] = first + 1;
        stack[top++] = first + 2;
        stack[top++] = first + 3;
      }
    }
    repulsive[2 * i] = fx;
    repulsive[2 * i + 1] = fy;
  }
  return { repulsive, z };
}

/**
 * KL(P ‖ Q) (Z from the tree, so approximate for θ > 0) and the Barnes–Hut gradient with respect
 * to the 2-D embedding `y` `[n, 2]`, for sparse affinities `p` scaled by `exaggeration`
 * (default 1; the KL is always of the unscaled P, and NaN with `computeKl: false`, which saves a
 * logarithm per entry of P).
 * @example
 * const p = tsneSparseAffinities([0, 1, 10, 11], 1, 1);
 * const { grad } = tsneGradientBarnesHut(p, new Float64Array([0, 0, 1, 0, 5, 5, 6, 5]));
 */
export function tsneGradientBarnesHut(
  p: SparseAffinities,
  y: Float64Array,
  { theta = 0.5, exaggeration = 1, computeKl = true } = {},
): { kl: number; grad: Float64Array } {
  const n = p.n;
  const { repulsive, z } = repulsion(new QuadTree(y), y, theta);
  const grad = new Float64Array(2 * n);
  let kl = computeKl ? 0 : Number.NaN;
  for (let i = 0; i < n; i++) {
    let ax = 0;
    let ay = 0;
    for (let e = p.rowStarts[i]!; e < p.rowStarts[i + 1]!; e++) {
      const j = p.columns[e]!;
      const dx = y[2 * i]! - y[2 * j]!;
      const dy = y[2 * i + 1]! - y[2 * j + 1]!;
      const w = 1 / (1 + dx * dx + dy * dy);
      const pij = p.values[e]!;
      if (computeKl && pij > 0) kl += pij * Math.log(pij / (w / z));
      ax += pij * w * dx;
      ay += pij * w * dy;
    }
    grad[2 * i] = 4 * (exaggeration * ax - repulsive[2 * i]! / z);
    grad[2 * i + 1] = 4 * (exaggeration * ay - repulsive[2 * i + 1]! / z);
  }
  return { kl, grad };
}
