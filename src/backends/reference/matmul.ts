import type { GemmShape, TypedArray } from '../types.js';

/**
 * Batched C = op(A)·op(B), in plain loops ordered so the innermost loop walks memory
 * contiguously: i-p-j when B is row-major (rows of C accumulate rows of B), dot products
 * along k when B is transposed. Accumulates in float64 for float64 data, in the
 * output's own precision otherwise (as BLAS does). With `g.accumulate` the products are added
 * to what `out` holds; `g.bias` is added to every row first.
 */
export function matmul(a: TypedArray, b: TypedArray, out: TypedArray, g: GemmShape): void {
  const { batch, m, n, k, transA, transB, bias } = g;
  if (!g.accumulate) out.fill(0);
  if (bias) for (let r = 0; r < batch * m; r++) for (let j = 0; j < n; j++) out[r * n + j]! += bias[j]!;
  // A(i, p) lives at i·sai + p·sap; B(p, j) at p·sbp + j·sbj.
  const sai = transA ? 1 : k;
  const sap = transA ? m : 1;
  const sbp = transB ? 1 : n;
  const sbj = transB ? k : 1;
  for (let bi = 0; bi < batch; bi++) {
    const ao = bi * g.strideA;
    const bo = bi * g.strideB;
    const co = bi * m * n;
    if (!transB) {
      for (let i = 0; i < m; i++) {
        const crow = co + i * n;
        for (let p = 0; p < k; p++) {
          // No skipping of zero terms: 0·NaN and 0·∞ are NaN here, as in the native GEMM.
          const av = a[ao + i * sai + p * sap]!;
          const brow = bo + p * sbp;
          for (let j = 0; j < n; j++) out[crow + j]! += av * b[brow + j]!;
        }
      }
    } else {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let acc = 0;
          const bcol = bo + j * sbj;
          for (let p = 0; p < k; p++) acc += a[ao + i * sai + p * sap]! * b[bcol + p]!;
          out[co + i * n + j]! += acc;
        }
      }
    }
  }
}
