import type { ConvShape, CoreKernels, GemmShape, OptionalKernels, TypedArray } from '../types.js';

// The whole-batch convolution composed of core kernels: per sample, im2col (or col2im) and one
// GEMM per channel group. It is the spec of the native kernels in native/conv.cc, which run the
// same per-sample work over the thread pool.

type Core = Pick<CoreKernels, 'im2col' | 'col2im' | 'matmul'>;

/**
 * The three whole-batch convolution kernels on a backend's im2col, col2im and matmul.
 * @example
 * const { convForward } = convolutionKernels(referenceKernels);
 */
export function convolutionKernels(
  core: Core,
): Pick<OptionalKernels, 'convForward' | 'convInputGrad' | 'convWeightGrad'> {
  return {
    convForward: (x, w, bias, s, y) => convForward(core, x, w, bias, s, y),
    convInputGrad: (dy, w, s, dx) => convInputGrad(core, dy, w, s, dx),
    convWeightGrad: (x, dy, s, dw) => convWeightGrad(core, x, dy, s, dw),
  };
}

/** Sizes shared by the three kernels. */
function dims(s: ConvShape) {
  const kernel = s.window.kernelSize.reduce((a, b) => a * b, 1);
  const inPlane = s.window.inSize.reduce((a, b) => a * b, 1);
  const outPlane = s.window.outSize.reduce((a, b) => a * b, 1);
  const rows = (s.inChannels / s.groups) * kernel;
  return {
    rows,
    outPlane,
    outPerGroup: s.outChannels / s.groups,
    image: s.inChannels * inPlane,
    grads: s.outChannels * outPlane,
    cols: s.inChannels * kernel * outPlane,
    /** A 1×1 window with stride 1 and no padding reads the image as its own column matrix. */
    pointwise:
      kernel === 1 && s.window.stride.every((v) => v === 1) && s.window.padding.every((v) => v === 0),
  };
}

/** A zeroed array of `x`'s type. */
function zerosLike(x: TypedArray, length: number): TypedArray {
  return x instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}

function sample(a: TypedArray, i: number, size: number): TypedArray {
  return a.subarray(i * size, (i + 1) * size);
}

/** One op(A)·op(B) (m×k by k×n) per channel group, each group's A and B blocks stored one after another. */
function groupGemm(
  groups: number,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): GemmShape {
  return { batch: groups, m, n, k, transA, transB, strideA: m * k, strideB: k * n };
}

/**
 * y = w ⋆ x over the whole batch, plus bias per output channel (see {@link Kernels.convForward}).
 * @example
 * const window = { inSize: [3], kernelSize: [2], outSize: [2], stride: [1], padding: [0], dilation: [1] };
 * const { convForward } = convolutionKernels(referenceKernels);
 * const [x, w, y] = [new Float64Array([1, 2, 3]), new Float64Array([1, 1]), new Float64Array(2)];
 * convForward(x, w, undefined, { batch: 1, inChannels: 1, outChannels: 1, groups: 1, window }, y);
 * y; // => [3, 5]
 */
function convForward(
  { im2col, matmul }: Core,
  x: TypedArray,
  w: TypedArray,
  bias: TypedArray | undefined,
  s: ConvShape,
  y: TypedArray,
): void {
  const d = dims(s);
  const cols = d.pointwise ? undefined : zerosLike(x, d.cols);
  const gemm = groupGemm(s.groups, d.outPerGroup, d.outPlane, d.rows, false, false);
  for (let i = 0; i < s.batch; i++) {
    const xi = sample(x, i, d.image);
    if (cols) im2col(xi, s.inChannels, s.window, cols);
    const yi = sample(y, i, d.grads);
    matmul(w, cols ?? xi, yi, gemm);
    if (!bias) continue;
    for (let c = 0; c < s.outChannels; c++) {
      const b = bias[c]!;
      for (let o = c * d.outPlane; o < (c + 1) * d.outPlane; o++) yi[o]! += b;
    }
  }
}

/**
 * dx = the adjoint of {@link convForward} in x applied to dy.
 * @example
 * const window = { inSize: [3], kernelSize: [2], outSize: [2], stride: [1], padding: [0], dilation: [1] };
 * const { convInputGrad } = convolutionKernels(referenceKernels);
 * const [dy, w, dx] = [new Float64Array([1, 1]), new Float64Array([1, 1]), new Float64Array(3)];
 * convInputGrad(dy, w, { batch: 1, inChannels: 1, outChannels: 1, groups: 1, window }, dx);
 * dx; // => [1, 2, 1]
 */
function convInputGrad(
  { col2im, matmul }: Core,
  dy: TypedArray,
  w: TypedArray,
  s: ConvShape,
  dx: TypedArray,
): void {
  const d = dims(s);
  const cols = zerosLike(dy, d.cols);
  // cols[group] = w[group]ᵀ · dy[group]: w[group] is stored [outPerGroup, rows], hence transA.
  const gemm = groupGemm(s.groups, d.rows, d.outPlane, d.outPerGroup, true, false);
  dx.fill(0);
  for (let i = 0; i < s.batch; i++) {
    matmul(w, sample(dy, i, d.grads), cols, gemm);
    col2im(cols, s.inChannels, s.window, sample(dx, i, d.image));
  }
}

/**
 * dw = Σ over the batch of the adjoint of {@link convForward} in w, summed in sample order.
 * @example
 * const window = { inSize: [3], kernelSize: [2], outSize: [2], stride: [1], padding: [0], dilation: [1] };
 * const { convWeightGrad } = convolutionKernels(referenceKernels);
 * const [x, dy, dw] = [new Float64Array([1, 2, 3]), new Float64Array([1, 1]), new Float64Array(2)];
 * convWeightGrad(x, dy, { batch: 1, inChannels: 1, outChannels: 1, groups: 1, window }, dw);
 * dw; // => [3, 5]
 */
function convWeightGrad(
  { im2col, matmul }: Core,
  x: TypedArray,
  dy: TypedArray,
  s: ConvShape,
  dw: TypedArray,
): void {
  const d = dims(s);
  const cols = zerosLike(x, d.cols);
  const part = zerosLike(x, dw.length);
  // part[group] = dy[group] · cols[group]ᵀ.
  const gemm = groupGemm(s.groups, d.outPerGroup, d.rows, d.outPlane, false, true);
  dw.fill(0);
  for (let i = 0; i < s.batch; i++) {
    im2col(sample(x, i, d.image), s.inChannels, s.window, cols);
    matmul(sample(dy, i, d.grads), cols, part, gemm);
    for (let e = 0; e < dw.length; e++) dw[e]! += part[e]!;
  }
}
