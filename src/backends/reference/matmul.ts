import type { GemmShape, PackedMatrix, TypedArray } from '../types.js';

/**
 * Batched C = op(A)·op(B), in plain loops ordered so the innermost loop walks memory
 * contiguously: i-p-j when B is row-major (rows of C accumulate rows of B), dot products
 * along k when B is transposed. Accumulates in float64 for float64 data, in the
 * output's own precision otherwise (as BLAS does). With `g.accumulate` the products are added
 * to what `out` holds.
 */
export function matmul(a: TypedArray, b: TypedArray, out: TypedArray, g: GemmShape): void {
  const { batch, m, n, k, transA, transB } = g;
  if (!g.accumulate) out.fill(0);
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
          const av = a[ao + i * sai + p * sap]!;
          if (av === 0) continue;
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

/**
 * The reference keeps B as it is: its products read it directly.
 * @example
 * const weight = new Float64Array([1, 0, 0, 1, 1, 1]); // [3, 2]
 * const packed = packMatmulB(weight, 2, 3, true); // op(B) = weightᵀ, [2, 3]
 */
export function packMatmulB(b: TypedArray, k: number, n: number, transB: boolean): PackedMatrix {
  return { k, n, transB, source: b, data: b, layout: 'reference' };
}

/**
 * out (+)= a · op(B) with the plain matmul on B itself.
 * @example
 * const weight = new Float64Array([1, 0, 0, 1, 1, 1]); // [3, 2]
 * const [h, gates] = [new Float64Array([2, 3]), new Float64Array(3)];
 * matmulPacked(h, packMatmulB(weight, 2, 3, true), gates, 1, true); // gates += h·weightᵀ
 * gates; // => [2, 3, 5]
 */
export function matmulPacked(
  a: TypedArray,
  packed: PackedMatrix,
  out: TypedArray,
  m: number,
  accumulate: boolean,
): void {
  const { k, n, transB } = packed;
  matmul(a, packed.source, out, {
    batch: 1,
    m,
    n,
    k,
    transA: false,
    transB,
    strideA: 0,
    strideB: 0,
    accumulate,
  });
}
