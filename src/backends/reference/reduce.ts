import type { ReduceOp, TypedArray } from '../types.js';

/** Reduces the middle axis of `[outer, size, inner]` into `[outer, inner]`. */
export function reduce(
  op: ReduceOp,
  x: TypedArray,
  outer: number,
  size: number,
  inner: number,
  out: TypedArray,
): void {
  if (op === 'argmax' || op === 'argmin') {
    argReduce(op === 'argmax', x, outer, size, inner, out);
    return;
  }
  if (op === 'sum' && inner > 1) {
    sumRows(x, outer, size, inner, out);
    return;
  }
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      let acc: number;
      if (op === 'sum') {
        acc = 0;
        for (let s = 0; s < size; s++) acc += x[base + s * inner + i]!;
      } else if (op === 'prod') {
        acc = 1;
        for (let s = 0; s < size; s++) acc *= x[base + s * inner + i]!;
      } else {
        // max/min propagate NaN, as PyTorch does; an empty max has no identity (ops reject it).
        const isMax = op === 'max';
        acc = isMax ? -Infinity : Infinity;
        for (let s = 0; s < size; s++) {
          const v = x[base + s * inner + i]!;
          if (v !== v) {
            acc = v;
            break;
          }
          if (isMax ? v > acc : v < acc) acc = v;
        }
      }
      out[o * inner + i] = acc;
    }
  }
}

/**
 * Sum over the middle axis when it is not the innermost one (a bias gradient: [N, F] over N).
 * NOTE(perf): walks rows in memory order into a float64 row of partial sums instead of one column
 * at a time with stride `inner`; each output still adds its terms in the same order in double
 * precision, so the result is bit-for-bit the column walk's.
 */
function sumRows(x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    acc.fill(0);
    for (let s = 0; s < size; s++) {
      const row = base + s * inner;
      for (let i = 0; i < inner; i++) acc[i]! += x[row + i]!;
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i]!;
  }
}

function argReduce(
  isMax: boolean,
  x: TypedArray,
  outer: number,
  size: number,
  inner: number,
  out: TypedArray,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      let best = 0;
      let bestValue = x[base + i]!;
      for (let s = 1; s < size && bestValue === bestValue; s++) {
        const v = x[base + s * inner + i]!;
        if (v !== v || (isMax ? v > bestValue : v < bestValue)) {
          best = s;
          bestValue = v;
        }
      }
      out[o * inner + i] = best;
    }
  }
}

export function cumsum(x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void {
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      let acc = 0;
      for (let s = 0; s < size; s++) {
        const j = base + s * inner + i;
        acc += x[j]!;
        out[j] = acc;
      }
    }
  }
}
