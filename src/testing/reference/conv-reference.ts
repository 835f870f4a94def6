import type { Plain } from '../check-op.js';

// Plain float64 references for the convolution specs: direct loops over every output, channel and
// kernel tap, independent of im2col and matmul, so they check the fast path rather than repeat it.

export interface ConvReferenceOptions {
  stride: number[];
  /** Padding before each spatial axis. */
  padding: number[];
  dilation: number[];
  groups: number;
  /** Output spatial sizes (the padding after follows from them). */
  outSize: number[];
}

/** Every multi-index of `shape` in row-major order. */
export function multiIndices(shape: readonly number[]): number[][] {
  let all: number[][] = [[]];
  for (const n of shape) all = all.flatMap((p) => Array.from({ length: n }, (_, i) => [...p, i]));
  return all;
}

/** The flat row-major offset of `index` in `shape`. */
export function offsetOf(shape: readonly number[], index: readonly number[]): number {
  return index.reduce((o, i, d) => o * shape[d]! + i, 0);
}

/**
 * y[n, co, o] = Σ_{ci in co's group, k} x[n, ci, o·s − p + k·d] · w[co, ci − group start, k].
 * @example
 * const x = { shape: [1, 1, 4], data: [1, 2, 3, 4] };
 * const w = { shape: [1, 1, 2], data: [1, 1] };
 * convReference(x, w, { stride: [1], padding: [0], dilation: [1], groups: 1, outSize: [3] }).data; // => [3, 5, 7]
 */
export function convReference(x: Plain, w: Plain, o: ConvReferenceOptions): Plain {
  const n = x.shape[0]!;
  const [cOut, perGroup] = w.shape as [number, number];
  const inSize = x.shape.slice(2);
  const kernel = w.shape.slice(2);
  const shape = [n, cOut, ...o.outSize];
  const data = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
  const outPerGroup = cOut / o.groups;
  for (const [b, co, ...pos] of multiIndices(shape)) {
    const first = Math.floor(co! / outPerGroup) * perGroup;
    let acc = 0;
    for (let c = 0; c < perGroup; c++) {
      for (const k of multiIndices(kernel)) {
        const at = pos.map((p, d) => p * o.stride[d]! - o.padding[d]! + k[d]! * o.dilation[d]!);
        if (at.some((a, d) => a < 0 || a >= inSize[d]!)) continue;
        acc +=
          x.data[offsetOf(x.shape, [b!, first + c, ...at])]! * w.data[offsetOf(w.shape, [co!, c, ...k])]!;
      }
    }
    data[offsetOf(shape, [b!, co!, ...pos])] = acc;
  }
  return { shape, data };
}

/**
 * The transposed convolution by scattering: every input x[n, ci, i] adds x · w[ci, co, k] into
 * y[n, group start + co, i·s − p + k·d] (weight `[cIn, cOut/groups, ...kernel]`).
 * @example
 * const x = { shape: [1, 1, 2], data: [1, 2] };
 * const w = { shape: [1, 1, 3], data: [1, 1, 1] };
 * convTransposeReference(x, w, { stride: [2], padding: [0], dilation: [1], groups: 1, outSize: [5] }).data; // => [1, 1, 3, 2, 2]
 */
export function convTransposeReference(x: Plain, w: Plain, o: ConvReferenceOptions): Plain {
  const [n, cIn] = x.shape as [number, number];
  const perGroup = w.shape[1]!;
  const kernel = w.shape.slice(2);
  const cOut = perGroup * o.groups;
  const shape = [n, cOut, ...o.outSize];
  const data = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
  const inPerGroup = cIn / o.groups;
  for (const [b, ci, ...pos] of multiIndices(x.shape)) {
    const v = x.data[offsetOf(x.shape, [b!, ci!, ...pos])]!;
    const first = Math.floor(ci! / inPerGroup) * perGroup;
    for (let c = 0; c < perGroup; c++) {
      for (const k of multiIndices(kernel)) {
        const at = pos.map((p, d) => p * o.stride[d]! - o.padding[d]! + k[d]! * o.dilation[d]!);
        if (at.some((a, d) => a < 0 || a >= o.outSize[d]!)) continue;
        data[offsetOf(shape, [b!, first + c, ...at])]! += v * w.data[offsetOf(w.shape, [ci!, c, ...k])]!;
      }
    }
  }
  return { shape, data };
}

/** Adds `bias [channels]` to a plain `[N, channels, ...]` result. */
export function addBiasReference(y: Plain, bias: Plain): Plain {
  const inner = y.shape.slice(2).reduce((a, b) => a * b, 1);
  const channels = y.shape[1]!;
  return { shape: y.shape, data: y.data.map((v, i) => v + bias.data[Math.floor(i / inner) % channels]!) };
}
