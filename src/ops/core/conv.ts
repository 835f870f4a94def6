import { kernels } from '../../backends/registry.js';
import type { ConvShape, WindowGeometry } from '../../backends/types.js';
import { allocateUninitialized } from '../../tensor/dtype.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { cast } from '../cast.js';
import { sum } from '../sum.js';
import { defineOp } from './define-op.js';
import { fromData } from './run-kernel.js';

// NOTE(conv-primitives): convolution is bilinear in (x, w), so three primitives close under
// differentiation: the forward A(x, w), its adjoint in x (`convInputGrad`, which is also the
// transposed convolution) and its adjoint in w (`convWeightGrad`). Each one's backward is written
// with the other two, so gradients of gradients work. Each is one whole-batch kernel
// (kernels().convForward / convInputGrad / convWeightGrad: im2col or col2im and a grouped GEMM
// per sample, which the native backend splits over its threads across the batch).

/** The geometry of a convolution: a window over the spatial axes plus the channel groups. */
export interface ConvGeometry extends WindowGeometry {
  readonly groups: number;
}

/** `b` in `a`'s dtype (gradients of gradients may meet in mixed precision). */
function like(b: Tensor, a: Tensor): Tensor {
  return b.dtype === a.dtype ? b : cast(b, a.dtype);
}

function shapeOf(batch: number, inChannels: number, outChannels: number, g: ConvGeometry): ConvShape {
  return { batch, inChannels, outChannels, groups: g.groups, window: g };
}

function forwardData(x: Tensor, w: Tensor, g: ConvGeometry, bias?: Tensor): Tensor {
  const n = x.shape[0]!;
  const cOut = w.shape[0]!;
  const y = allocateUninitialized(x.dtype, n * cOut * sizeOf(g.outSize));
  const b = bias ? like(bias, x).data() : undefined;
  kernels().convForward(x.data(), like(w, x).data(), b, shapeOf(n, x.shape[1]!, cOut, g), y);
  return fromData(y, [n, cOut, ...g.outSize], x.dtype);
}

function inputGradData(dy: Tensor, w: Tensor, g: ConvGeometry): Tensor {
  const n = dy.shape[0]!;
  const cIn = w.shape[1]! * g.groups;
  const dx = allocateUninitialized(dy.dtype, n * cIn * sizeOf(g.inSize));
  kernels().convInputGrad(dy.data(), like(w, dy).data(), shapeOf(n, cIn, w.shape[0]!, g), dx);
  return fromData(dx, [n, cIn, ...g.inSize], dy.dtype);
}

function weightGradData(x: Tensor, dy: Tensor, g: ConvGeometry): Tensor {
  const cIn = x.shape[1]!;
  const cOut = dy.shape[1]!;
  const wShape = [cOut, cIn / g.groups, ...g.kernelSize];
  const dw = allocateUninitialized(x.dtype, sizeOf(wShape));
  kernels().convWeightGrad(x.data(), like(dy, x).data(), shapeOf(x.shape[0]!, cIn, cOut, g), dw);
  return fromData(dw, wShape, x.dtype);
}

/** The sum of `dy [N, C, ...spatial]` over everything but the channel axis: a channel bias's gradient. */
function biasGrad(dy: Tensor): Tensor {
  return sum(dy, [0, ...Array.from({ length: dy.ndim - 2 }, (_, i) => i + 2)]);
}

/**
 * The convolution `x [N, cIn, ...inSize]` ⋆ `w [cOut, cIn/groups, ...kernel]` → `[N, cOut, ...outSize]`,
 * plus `bias [cOut]` per output channel when given (added inside the kernel, not broadcast after).
 * Gradients are computed only for the inputs that require them (an image batch usually does not).
 */
export const convForward: (x: Tensor, w: Tensor, g: ConvGeometry, bias?: Tensor) => Tensor = defineOp({
  name: 'conv',
  forward: forwardData,
  backward: (dy, { args: [x, w, g], needsInputGrad: [needX, needW, , needBias] }) => [
    needX ? convInputGrad(dy, w, g) : null,
    needW ? convWeightGrad(x, dy, g) : null,
    null,
    needBias ? biasGrad(dy) : null,
  ],
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
