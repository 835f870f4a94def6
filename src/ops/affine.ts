import { kernels } from '../backends/registry.js';
import { allocateUninitialized } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { contiguous } from './contiguous.js';
import { defineOp } from './core/define-op.js';
import { denseData, fromData } from './core/run-kernel.js';
import { matmul } from './matmul.js';
import { transpose } from './permute.js';
import { sum } from './sum.js';

/**
 * `x·Wᵀ + b` for a 2-D `x [rows, in]`, `weight [out, in]` and `bias [out]` of one float dtype, as
 * one primitive: the matrix kernel adds the bias to each row of the product as it writes it
 * (GemmShape.bias), so the bias costs neither a pass of its own nor a second array. The backward
 * is written with ops (dX = dY·W, dW = dYᵀ·X, db = Σ_rows dY), and skips the gradients no input
 * needs. Callers check shapes and dtypes (see {@link linear}).
 * @example
 * affine(ones([2, 3]), ones([4, 3]), zeros([4])); // => [[3, 3, 3, 3], [3, 3, 3, 3]]
 */
export const affine: (x: Tensor, weight: Tensor, bias: Tensor) => Tensor = defineOp({
  name: 'linear',
  forward: (x: Tensor, weight: Tensor, bias: Tensor): Tensor => {
    const [rows, inFeatures] = x.shape as [number, number];
    const outFeatures = weight.shape[0]!;
    const out = allocateUninitialized(x.dtype, rows * outFeatures); // overwritten by the kernel
    const w = contiguous(weight);
    const a = contiguous(x);
    kernels().matmul(a.storage.subarray(a.offset), w.storage.subarray(w.offset), out, {
      batch: 1,
      m: rows,
      n: outFeatures,
      k: inFeatures,
      transA: false,
      transB: true,
      strideA: 0,
      strideB: 0,
      bias: denseData(bias),
    });
    return fromData(out, [rows, outFeatures], x.dtype);
  },
  backward: (dy, { args: [x, weight], needsInputGrad: [needX, needW, needB] }) => [
    needX ? matmul(dy, weight) : null,
    // dYᵀ·X comes out as a contiguous [out, in], the weight's own layout.
    needW ? matmul(transpose(dy), x) : null,
    needB ? sum(dy, [0]) : null,
  ],
});
