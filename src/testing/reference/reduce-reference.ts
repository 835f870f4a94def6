import type { Plain } from '../check-op.js';

/**
 * The float64 reference for reduction specs: applies `f` to the values of each group that
 * `axes` (all axes when omitted; negative allowed) reduce, in row-major order. Test-only.
 * @example
 * reduceReference({ shape: [2, 2], data: [1, 2, 3, 4] }, [1], false, (v) => v[0]! + v[1]!);
 * // { shape: [2], data: [3, 7] }
 */
export function reduceReference(
  x: Plain,
  axes: readonly number[] | undefined,
  keepDims: boolean,
  f: (values: number[]) => number,
): Plain {
  const nd = x.shape.length;
  const reduced = new Set((axes ?? x.shape.map((_, i) => i)).map((a) => (a < 0 ? a + nd : a)));
  const outShape = x.shape.map((s, i) => (reduced.has(i) ? 1 : s));
  const groups = new Map<number, number[]>();
  const outSize = outShape.reduce((a, b) => a * b, 1);
  for (let o = 0; o < outSize; o++) groups.set(o, []);
  x.data.forEach((v, flat) => {
    let rest = flat;
    let o = 0;
    let stride = 1;
    for (let d = nd - 1; d >= 0; d--) {
      const i = rest % x.shape[d]!;
      rest = Math.floor(rest / x.shape[d]!);
      if (!reduced.has(d)) o += i * stride;
      stride *= outShape[d]!;
    }
    groups.get(o)!.push(v);
  });
  const shape = keepDims ? outShape : x.shape.filter((_, i) => !reduced.has(i));
  return { shape, data: [...groups.values()].map(f) };
}

/**
 * The float64 reference for softmax (or logSoftmax with `log`) along `axis`. Test-only.
 * @example
 * softmaxReference({ shape: [2], data: [0, 0] }, 0); // => { shape: [2], data: [0.5, 0.5] }
 */
export function softmaxReference(x: Plain, axis: number, log = false): Plain {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const size = x.shape[a] ?? 1;
  const inner = x.shape.slice(a + 1).reduce((p, s) => p * s, 1);
  const data = x.data.map((_, i) => {
    const k = Math.floor(i / inner) % size;
    const start = i - k * inner;
    let total = 0;
    for (let j = 0; j < size; j++) total += Math.exp(x.data[start + j * inner]!);
    return log ? x.data[i]! - Math.log(total) : Math.exp(x.data[i]!) / total;
  });
  return { shape: x.shape, data };
}
