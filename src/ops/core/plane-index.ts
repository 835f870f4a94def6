import { kernels } from '../../backends/registry.js';
import { allocate } from '../../tensor/dtype.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { defineOp } from './define-op.js';
import { fromData } from './run-kernel.js';

// Max pooling picks one input per output, and max unpooling puts it back: both are indexing within
// each [batch, channel] plane by flat spatial positions, and each is the other's adjoint.

/**
 * out[n, c, o] = x[n, c, at] with at = indices[n, c, o], a flat position in the spatial plane.
 * @example
 * gatherPlanes(tensor([[[5, 7, 6]]]), tensor([[[1, 1]]], { dtype: 'int32' })); // => [[[7, 7]]]
 */
export const gatherPlanes: (x: Tensor, indices: Tensor) => Tensor = defineOp({
  name: 'gatherPlanes',
  forward: (x: Tensor, indices: Tensor): Tensor => {
    const planes = x.shape[0]! * x.shape[1]!;
    const inPlane = sizeOf(x.shape.slice(2));
    const outPlane = sizeOf(indices.shape.slice(2));
    const out = allocate(x.dtype, indices.size);
    kernels().gather(x.data(), [planes, inPlane], indices.data() as Int32Array, [planes, outPlane], 1, out);
    return fromData(out, indices.shape, x.dtype);
  },
  backward: (dy, { args: [x, indices] }) => [scatterPlanes(dy, indices, x.shape.slice(2)), null],
});

/**
 * out[n, c, indices[n, c, o]] += v[n, c, o] into zeros of spatial size `inSize` (repeated positions add up).
 * @example
 * scatterPlanes(tensor([[[1, 2]]]), tensor([[[2, 0]]], { dtype: 'int32' }), [3]); // => [[[2, 0, 1]]]
 */
export const scatterPlanes: (v: Tensor, indices: Tensor, inSize: readonly number[]) => Tensor = defineOp({
  name: 'scatterPlanes',
  forward: (v: Tensor, indices: Tensor, inSize: readonly number[]): Tensor => {
    const planes = v.shape[0]! * v.shape[1]!;
    const inPlane = sizeOf(inSize);
    const out = allocate(v.dtype, planes * inPlane);
    const values = v.data();
    kernels().maxPoolBackward(
      values,
      indices.data() as Int32Array,
      planes,
      inPlane,
      sizeOf(v.shape.slice(2)),
      out,
    );
    return fromData(out, [v.shape[0]!, v.shape[1]!, ...inSize], v.dtype);
  },
  backward: (g, { args: [, indices] }) => [gatherPlanes(g, indices), null, null],
});
