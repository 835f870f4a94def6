import { isGradEnabled } from '../autograd/grad-mode.js';
import { kernels, memory } from '../backends/registry.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { allocateUninitialized, type TypedArray } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, shapesEqual, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { contiguous } from './contiguous.js';
import { expectTensor, operands } from './core/convert.js';
import { checkDevices, defineOp } from './core/define-op.js';
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

/** The shape of the product of two tensors of rank ≥ 2: the broadcast batch axes, then [m, n]. */
function productShape(a: Tensor, b: Tensor): number[] {
  const batchShape = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul');
  return [...batchShape, a.shape[a.ndim - 2]!, b.shape[b.ndim - 1]!];
}

/**
 * Writes the product of `a` and `b` (rank ≥ 2, one dtype; `batchShape` their broadcast batch
 * axes) into `out`, row-major, overwriting it.
 */
function gemmInto(a: Tensor, b: Tensor, batchShape: readonly number[], out: TypedArray): void {
  const ga = gemmOperand(a, batchShape);
  const gb = gemmOperand(b, batchShape);
  kernels().matmul(ga.t.storage.subarray(ga.t.offset), gb.t.storage.subarray(gb.t.offset), out, {
    batch: sizeOf(batchShape),
    m: a.shape[a.ndim - 2]!,
    n: b.shape[b.ndim - 1]!,
    k: a.shape[a.ndim - 1]!,
    transA: ga.trans,
    transB: gb.trans,
    strideA: ga.stride,
    strideB: gb.stride,
  });
  // An operand copied into row-major order (a head of attention, permuted) is this call's own:
  // its storage goes back to the allocator rather than to the garbage collector.
  if (ga.t.storage !== a.storage) memory().giveScratch(ga.t.storage);
  if (gb.t.storage !== b.storage && gb.t.storage !== ga.t.storage) memory().giveScratch(gb.t.storage);
}

/** The product of two tensors of rank ≥ 2 with broadcast batch axes: the primitive under matmul. */
const batchedMatmul: (a: Tensor, b: Tensor) => Tensor = defineOp({
  name: 'matmul',
  forward: (a: Tensor, b: Tensor): Tensor => {
    const shape = productShape(a, b);
    // Overwritten by the kernel (no accumulate): no need to zero it first.
    const out = allocateUninitialized(a.dtype, sizeOf(shape));
    gemmInto(a, b, shape.slice(0, -2), out);
    return fromData(out, shape, a.dtype);
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

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /**
   * A tensor to write the product into, as PyTorch's `out=`: contiguous, of the product's shape
   * and dtype, sharing no storage with the operands. Its values are overwritten and it is
   * returned. Like PyTorch, a product into `out` is not differentiable: it is refused while
   * gradients are recorded for an operand, and `out` itself must not require grad. Nothing checks
   * that `out` was not saved for an earlier op's backward: overwrite only tensors you own.
   */
  out?: Tensor;
}

/**
 * The matrix product with NumPy's rules: vectors (1-D) are promoted and the added axis removed
 * again; leading batch axes broadcast. `a.shape[-1]` must equal `b.shape[-2]`. With
 * `{ out }` the product is written into a tensor you keep (no allocation; see
 * {@link MatmulOptions.out}).
 * @example
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])); // => [[17], [39]]
 * const c = zeros([2, 1]);
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]]), { out: c });
 * c.toArray(); // => [[17], [39]]
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
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
  if (options.out === undefined && a.ndim > 1 && b.ndim > 1) return batchedMatmul(a2, b2);
  // The product's shape without the axes added to vector operands.
  const full = productShape(a2, b2);
  const shape = [...full];
  if (a.ndim === 1) shape.splice(-2, 1);
  if (b.ndim === 1) shape.pop();
  if (options.out !== undefined) return matmulInto(a2, b2, full, shape, options.out);
  return reshape(batchedMatmul(a2, b2), shape);
}

/** `matmul`'s `out=` path: the checks of {@link MatmulOptions.out}, then the kernel into `out`. */
function matmulInto(
  a: Tensor,
  b: Tensor,
  full: readonly number[],
  shape: readonly number[],
  out: Tensor,
): Tensor {
  expectTensor(out, 'matmul', 'out');
  if (out.requiresGrad)
    throw new ValueError('matmul: out must not require grad (a product into out= is not differentiable)');
  if (isGradEnabled() && (a.requiresGrad || b.requiresGrad))
    throw new ValueError(
      'matmul: out= does not support autograd, and an operand requires grad; call it inside noGrad() or without out',
    );
  if (!shapesEqual(out.shape, shape))
    throw new ShapeError(
      `matmul: out must have the product's shape ${formatShape(shape)}, got ${formatShape(out.shape)}`,
    );
  if (out.dtype !== a.dtype)
    throw new DTypeError(`matmul: out must be ${a.dtype} (the product's dtype), got ${out.dtype}`);
  if (!out.isContiguous()) throw new ShapeError('matmul: out must be contiguous');
  checkDevices('matmul', [a, b, out]);
  const target = out.storage.subarray(out.offset, out.offset + out.size);
  if (overlaps(target, a.storage) || overlaps(target, b.storage))
    throw new ValueError(
      'matmul: out shares memory with an operand; write the product into a tensor of its own',
    );
  gemmInto(a, b, full.slice(0, -2), target);
  return out;
}

/** Whether two typed arrays share any byte of memory. */
function overlaps(x: TypedArray, y: TypedArray): boolean {
  if (x.length === 0 || y.length === 0 || x.buffer !== y.buffer) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}
