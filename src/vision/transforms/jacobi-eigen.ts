import { ValueError } from '../../index.js';

/** Eigenvalues in descending order, and `vectors[i]`, the unit eigenvector of `values[i]`. */
export interface Eigen {
  values: number[];
  vectors: number[][];
}

/** One Jacobi rotation in the (p, q) plane that zeroes a[p][q]; v collects the rotations. */
function rotate(a: number[][], v: number[][], p: number, q: number): void {
  const apq = a[p]![q]!;
  const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
  // The smaller root of t² + 2θt − 1 = 0, t = tan φ: it keeps the rotation under 45°, which is stable.
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  const n = a.length;
  for (const m of [a, v]) {
    for (let k = 0; k < n; k++) {
      const kp = m[k]![p]!;
      const kq = m[k]![q]!;
      m[k]![p] = c * kp - s * kq;
      m[k]![q] = s * kp + c * kq;
    }
  }
  for (let k = 0; k < n; k++) {
    const pk = a[p]![k]!;
    const qk = a[q]![k]!;
    a[p]![k] = c * pk - s * qk;
    a[q]![k] = s * pk + c * qk;
  }
}

function checkSymmetric(matrix: readonly (readonly number[])[]): void {
  const n = matrix.length;
  for (let i = 0; i < n; i++) {
    if (matrix[i]!.length !== n)
      throw new ValueError(
        `jacobiEigen: matrix must be square, row ${i} has ${matrix[i]!.length} entries, expected ${n}`,
      );
    for (let j = 0; j < n; j++) {
      const x = matrix[i]![j]!;
      const y = matrix[j]![i]!;
      if (!Number.isFinite(x) || Math.abs(x - y) > 1e-9 * (Math.abs(x) + Math.abs(y) + 1e-300))
        throw new ValueError(
          `jacobiEigen: matrix must be finite and symmetric, got [${i}][${j}] = ${x} and [${j}][${i}] = ${y}`,
        );
    }
  }
}

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: each rotation
 * zeroes one off-diagonal entry, and sweeps repeat until the off-diagonal part vanishes. It is
 * exact to rounding and needs no library, which suits the 3×3 colour covariance of PCA colour
 * augmentation. Each eigenvector's largest component is made positive, so the result is unique.
 * @example
 * jacobiEigen([[2, 1], [1, 2]]); // => { values: [3, 1], vectors: [[0.7071, 0.7071], [0.7071, -0.7071]] }
 */
export function jacobiEigen(matrix: readonly (readonly number[])[]): Eigen {
  checkSymmetric(matrix);
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  const scale = a.reduce((s, row) => s + row.reduce((t, x) => t + x * x, 0), 0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) if (a[p]![q] !== 0) rotate(a, v, p, q);
  }
  const pairs = a.map((row, i) => ({ value: row[i]!, vector: v.map((r) => r[i]!) }));
  pairs.sort((x, y) => y.value - x.value);
  for (const { vector } of pairs) {
    const largest = vector.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
    if (largest < 0) for (let i = 0; i < n; i++) vector[i] = -vector[i]!;
  }
  return { values: pairs.map((e) => e.value), vectors: pairs.map((e) => e.vector) };
}
