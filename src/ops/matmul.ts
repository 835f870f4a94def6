import { kernels } from '../backends/registry.js';
import { ShapeError } from '../errors.js';
import { allocateUninitialized } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { contiguous } from './contiguous.js';
import { expectTensor, operands } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';
import { sumTo } from './core/sum-to.js';
import { expand } from './expand.js';
import { transpose } from './permute.js';
import { reshape } from './reshape.js';

/**
 * How the kernel reads the last two axes of `x` ([rows, cols]) for `batch` matrices: row-major,
 * or transposed (a transpose view of a contiguous tensor), without a copy in either case.
 */
function gemmOperand(
  x: Tensor,
  batchShape: readonly number[],
): { t: Tensor; trans: boolean; stride: number } {
  const nd = x.ndim;
  const rows = x.shape[nd - 2]!;
  const cols = x.shape[nd - 1]!;
  const ownBatch = x.shape.slice(0, nd - 2);
  const batchSize = sizeOf(batchShape);
  const broadcastOne = sizeOf(ownBatch) === 1 && batchSize !== 1;
  const needsExpand = !broadcastOne && ownBatch.length !== batchShape.length;
  let t =
    needsExpand || (!broadcastOne && ownBatch.some((s, i) => s !== batchShape[i]))
      ? contiguous(expand(x, [...batchShape, rows, cols]))
      : x;
  const matrix = rows * cols;
  const batchContiguous = (stride: number): boolean => {
    let expected = stride;
    for (let d = t.ndim - 3; d >= 0; d--) {
      if (t.shape[d] !== 1 && t.strides[d] !== expected) return false;
      expected *= t.shape[d]!;
    }
    return true;
  };
  const s = t.strides;
  const n = t.ndim;
  const rowMajor = (s[n - 1] === 1 || cols === 1) && (s[n - 2] === cols || rows === 1);
  const colMajor = (s[n - 2] === 1 || rows === 1) && (s[n - 1] === rows || cols === 1);
  if (rowMajor && batchContiguous(matrix)) return { t, trans: false, stride: broadcastOne ? 0 : matrix };
  if (colMajor && batchContiguous(matrix)) return { t, trans: true, stride: broadcastOne ? 0 : matrix };
  t = contiguous(t);
  return { t, trans: false, stride: broadcastOne ? 0 : matrix };
}

/** The product of two tensors of rank ≥ 2 with broadcast batch axes: the primitive under matmul. */
const batchedMatmul: (a: Tensor, b: Tensor) => Tensor = defineOp({
  name: 'matmul',
  forward: (a: Tensor, b: Tensor): Tensor => {
    const m = a.shape[a.ndim - 2]!;
    const k = a.shape[a.ndim - 1]!;
    const n = b.shape[b.ndim - 1]!;
    const batchShape = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul');
    const ga = gemmOperand(a, batchShape);
    const gb = gemmOperand(b, batchShape);
    const batch = sizeOf(batchShape);
    // Overwritten by the kernel (no accumulate): no need to zero it first.
    const out = allocateUninitialized(a.dtype, batch * m * n);
    kernels().matmul(ga.t.storage.subarray(ga.t.offset), gb.t.storage.subarray(gb.t.offset), out, {
      batch,
      m,
      n,
      k,
      transA: ga.trans,
      transB: gb.trans,
      strideA: ga.stride,
      strideB: gb.stride,
    });
    return fromData(out, [...batchShape, m, n], a.dtype);
  },
  // NOTE(layout): an operand that is a transposed view (linear's `transpose(weight)`) gets its
  // gradient as the transpose of the product taken the other way round (dBᵀ = dyᵀ·a), so that the
  // transpose's own backward hands the weight a contiguous gradient; a column-major gradient made
  // every accumulation and optimizer step walk memory with a stride of a whole row.
  // A network's input needs no gradient: skipping its product saves a quarter of an MLP's step.
  backward: (dy, { args: [a, b], needsInputGrad: [needA, needB] }) => [
    needA
      ? sumTo(
          isTransposedView(a) ? transpose(batchedMatmul(b, transpose(dy))) : batchedMatmul(dy, transpose(b)),
          a.shape,
        )
      : null,
    needB
      ? sumTo(
          isTransposedView(b) ? transpose(batchedMatmul(transpose(dy), a)) : batchedMatmul(transpose(a), dy),
          b.shape,
        )
      : null,
  ],
});

/** Whether the last two axes of `x` are a column-major matrix (a transposed contiguous one). */
function isTransposedView(x: Tensor): boolean {
  const n = x.ndim;
  const rows = x.shape[n - 2]!;
  const cols = x.shape[n - 1]!;
  return rows > 1 && cols > 1 && x.strides[n - 2] === 1 && x.strides[n - 1] === rows;
}

/**
 * The matrix product with NumPy's rules: vectors (1-D) are promoted and the added axis removed
 * again; leading batch axes broadcast. `a.shape[-1]` must equal `b.shape[-2]`.
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])); // => [[17], [39]]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  expectTensor(a, 'matmul', 'a');
  expectTensor(b, 'matmul', 'b');
  if (a.ndim === 0 || b.ndim === 0)
    throw new ShapeError(
      `matmul: both arguments need at least 1 dimension, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  const ka = a.shape[a.ndim - 1]!;
  const kb = b.ndim === 1 ? b.shape[0]! : b.shape[b.ndim - 2]!;
  if (ka !== kb) {
    const bAxis = b.ndim === 1 ? 0 : b.ndim - 2;
    throw new ShapeError(`matmul: a.shape[${a.ndim - 1}] (${ka}) must equal b.shape[${bAxis}] (${kb})`);
  }
  const [x, y] = operands(a, b, 'matmul');
  const a2 = x.ndim === 1 ? reshape(x, [1, ka]) : x;
  const b2 = y.ndim === 1 ? reshape(y, [kb, 1]) : y;
  const out = batchedMatmul(a2, b2);
  if (a.ndim === 1 && b.ndim === 1) return reshape(out, []);
  if (a.ndim === 1) return reshape(out, [...out.shape.slice(0, -2), out.shape[out.ndim - 1]!]);
  if (b.ndim === 1) return reshape(out, out.shape.slice(0, -1));
  return out;
}
