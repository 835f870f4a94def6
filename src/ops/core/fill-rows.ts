import type { TypedArray } from '../../tensor/dtype.js';

/**
 * Writes `row` into each of the first `rows` rows of `out` (row-major, `row.length` wide),
 * doubling the filled part per copy: log₂(rows) memmoves rather than one copy per row. Kernels
 * that add onto their output (GEMM with accumulate) start from a bias this way.
 * @example
 * const out = new Float32Array(6);
 * fillRows(out, Float32Array.of(1, 2), 3); // out = [1, 2, 1, 2, 1, 2]
 */
export function fillRows(out: TypedArray, row: ArrayLike<number>, rows: number): void {
  const n = row.length;
  if (rows === 0 || n === 0) return;
  out.set(row as never, 0);
  for (let filled = 1; filled < rows; filled *= 2) {
    out.copyWithin(filled * n, 0, Math.min(filled, rows - filled) * n);
  }
}
