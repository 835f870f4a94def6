import { kernels } from '../backends/registry.js';
import type { GemmShape, TypedArray, WindowGeometry } from '../backends/types.js';
import { allocate } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { defineOp } from './define-op.js';
import { fromData } from './run-kernel.js';

// NOTE(conv-primitives): convolution is bilinear in (x, w), so three primitives close under
// differentiation: the forward A(x, w), its adjoint in x (`convInputGrad`, which is also the
// transposed convolution) and its adjoint in w (`convWeightGrad`). Each one's backward is written
// with the other two, so gradients of gradients work. All three run im2col (or col2im) per sample
// and a grouped GEMM through the backend's matmul, so a fast matmul makes them fast.

/** The geometry of a convolution: a window over the spatial axes plus the channel groups. */
export interface ConvGeometry extends WindowGeometry {
  readonly groups: number;
}

/** The sizes every conv primitive needs, from the channel counts and the geometry. */
function dims(cOut: number, cIn: number, g: ConvGeometry) {
  const kernel = sizeOf(g.kernelSize);
  return {
    cOut,
    cIn,
    /** Rows of one group's column matrix (cIn/groups · ∏kernel). */
    rows: (cIn / g.groups) * kernel,
    inPlane: sizeOf(g.inSize),
    outPlane: sizeOf(g.outSize),
    outPerGroup: cOut / g.groups,
  };
}

/** A 1×1 kernel with stride 1 and no padding reads the image as its own column matrix. */
function isPointwise(g: ConvGeometry): boolean {
  return sizeOf(g.kernelSize) === 1 && g.stride.every((s) => s === 1) && g.padding.every((p) => p === 0);
}

/** `b` in `a`'s dtype (gradients of gradients may meet in mixed precision). */
function like(b: Tensor, a: Tensor): Tensor {
  return b.dtype === a.dtype ? b : cast(b, a.dtype);
}

function forwardData(x: Tensor, w: Tensor, g: ConvGeometry): Tensor {
  const d = dims(w.shape[0]!, x.shape[1]!, g);
  const n = x.shape[0]!;
  const xd = x.data();
  const out = allocate(x.dtype, n * d.cOut * d.outPlane);
  const pointwise = isPointwise(g);
  const cols = pointwise ? xd : allocate(x.dtype, d.cIn * sizeOf(g.kernelSize) * d.outPlane);
  const gemm: GemmShape = {
    batch: g.groups,
    m: d.outPerGroup,
    n: d.outPlane,
    k: d.rows,
    transA: false,
    transB: false,
    strideA: d.outPerGroup * d.rows,
    strideB: d.rows * d.outPlane,
  };
  const k = kernels();
  const wd = like(w, x).data();
  const image = d.cIn * d.inPlane;
  for (let i = 0; i < n; i++) {
    const xi = xd.subarray(i * image, (i + 1) * image) as TypedArray;
    if (!pointwise) k.im2col(xi, d.cIn, g, cols);
    const yi = out.subarray(i * d.cOut * d.outPlane, (i + 1) * d.cOut * d.outPlane) as TypedArray;
    k.matmul(wd, pointwise ? xi : cols, yi, gemm);
  }
  return fromData(out, [n, d.cOut, ...g.outSize], x.dtype);
}

function inputGradData(dy: Tensor, w: Tensor, g: ConvGeometry): Tensor {
  const d = dims(w.shape[0]!, w.shape[1]! * g.groups, g);
  const n = dy.shape[0]!;
  const dyd = dy.data();
  const dx = allocate(dy.dtype, n * d.cIn * d.inPlane);
  const cols = allocate(dy.dtype, d.cIn * sizeOf(g.kernelSize) * d.outPlane);
  // cols[group] = w[group]ᵀ · dy[group]: w[group] is stored [cOut/groups, rows], hence transA.
  const gemm: GemmShape = {
    batch: g.groups,
    m: d.rows,
    n: d.outPlane,
    k: d.outPerGroup,
    transA: true,
    transB: false,
    strideA: d.outPerGroup * d.rows,
    strideB: d.outPerGroup * d.outPlane,
  };
  const k = kernels();
  const wd = like(w, dy).data();
  const image = d.cIn * d.inPlane;
  const grads = d.cOut * d.outPlane;
  for (let i = 0; i < n; i++) {
    k.matmul(wd, dyd.subarray(i * grads, (i + 1) * grads) as TypedArray, cols, gemm);
    k.col2im(cols, d.cIn, g, dx.subarray(i * image, (i + 1) * image) as TypedArray);
  }
  return fromData(dx, [n, d.cIn, ...g.inSize], dy.dtype);
}

function weightGradData(x: Tensor, dy: Tensor, g: ConvGeometry): Tensor {
  const d = dims(dy.shape[1]!, x.shape[1]!, g);
  const wShape = [d.cOut, d.cIn / g.groups, ...g.kernelSize];
  const n = x.shape[0]!;
  const xd = x.data();
  const dyd = like(dy, x).data();
  const dw = allocate(x.dtype, sizeOf(wShape));
  const part = allocate(x.dtype, dw.length);
  const cols = allocate(x.dtype, d.cIn * sizeOf(g.kernelSize) * d.outPlane);
  // part[group] = dy[group] · cols[group]ᵀ, summed over the batch into dw.
  const gemm: GemmShape = {
    batch: g.groups,
    m: d.outPerGroup,
    n: d.rows,
    k: d.outPlane,
    transA: false,
    transB: true,
    strideA: d.outPerGroup * d.outPlane,
    strideB: d.rows * d.outPlane,
  };
  const k = kernels();
  const whole = { data: dw, offset: 0, strides: [1] };
  const partView = { data: part, offset: 0, strides: [1] };
  const image = d.cIn * d.inPlane;
  const grads = d.cOut * d.outPlane;
  for (let i = 0; i < n; i++) {
    k.im2col(xd.subarray(i * image, (i + 1) * image) as TypedArray, d.cIn, g, cols);
    k.matmul(dyd.subarray(i * grads, (i + 1) * grads) as TypedArray, cols, part, gemm);
    k.binary('add', whole, partView, [dw.length], dw);
  }
  return fromData(dw, wShape, x.dtype);
}

/** The convolution `x [N, cIn, ...inSize]` ⋆ `w [cOut, cIn/groups, ...kernel]` → `[N, cOut, ...outSize]`. */
export const convForward: (x: Tensor, w: Tensor, g: ConvGeometry) => Tensor = defineOp({
  name: 'conv',
  forward: forwardData,
  backward: (dy, { args: [x, w, g] }) => [convInputGrad(dy, w, g), convWeightGrad(x, dy, g)],
});

/**
 * The adjoint of {@link convForward} in x: `dy [N, cOut, ...outSize]` → `[N, cIn, ...inSize]`.
 * It is also the transposed convolution (see NOTE(conv-primitives)).
 */
export const convInputGrad: (dy: Tensor, w: Tensor, g: ConvGeometry) => Tensor = defineOp({
  name: 'convInputGrad',
  forward: inputGradData,
  backward: (gx, { args: [dy, w, g] }) => [convForward(gx, w, g), convWeightGrad(gx, dy, g)],
});

/** The adjoint of {@link convForward} in w: `(x, dy)` → `[cOut, cIn/groups, ...kernel]`. */
export const convWeightGrad: (x: Tensor, dy: Tensor, g: ConvGeometry) => Tensor = defineOp({
  name: 'convWeightGrad',
  forward: weightGradData,
  backward: (gw, { args: [x, dy, g] }) => [convInputGrad(dy, gw, g), convForward(x, gw, g)],
});
