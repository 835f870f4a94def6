import { isGradEnabled } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { allocate, type TypedArray } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { denseData, fromData } from './core/run-kernel.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';
import { softmax } from './softmax.js';
import { sub } from './sub.js';

const OP = 'softmaxCrossEntropy';

/** The targets as an Int32Array after checking shape, dtype and range. */
function checkedTargets(logits: Tensor, target: Tensor, ignoreIndex: number): Int32Array {
  expectTensor(logits, OP, 'logits');
  expectTensor(target, OP, 'target');
  expectFloat(logits, OP, 'logits');
  if (logits.ndim !== 2)
    throw new ShapeError(`${OP}: logits must be [rows, classes], got ${formatShape(logits.shape)}`);
  if (target.dtype !== 'int32')
    throw new DTypeError(`${OP}: target must hold int32 class indices, got ${target.dtype}`);
  const [rows, classes] = logits.shape as [number, number];
  if (target.ndim !== 1 || target.shape[0] !== rows)
    throw new ShapeError(`${OP}: target must have shape [${rows}], got ${formatShape(target.shape)}`);
  if (!Number.isSafeInteger(ignoreIndex))
    throw new ValueError(`${OP}: ignoreIndex must be an integer, got ${String(ignoreIndex)}`);
  const t = denseData(target) as Int32Array;
  for (let i = 0; i < rows; i++) {
    const y = t[i]!;
    if (y !== ignoreIndex && (y < 0 || y >= classes))
      throw new ValueError(`${OP}: target ${y} (at row ${i}) is out of range for ${classes} classes`);
  }
  return t;
}

/**
 * The gradient written with ops, so that it is itself differentiable (used when the backward is
 * recorded, for second derivatives): dy·(softmax(x) − onehot(t)), zero on ignored rows.
 */
function compositeBackward(dy: Tensor, logits: Tensor, t: Int32Array, ignoreIndex: number): Tensor {
  const [rows, classes] = logits.shape as [number, number];
  const q = allocate(logits.dtype, rows * classes);
  const keep = allocate(logits.dtype, rows);
  t.forEach((y, i) => {
    if (y === ignoreIndex) return;
    q[i * classes + y] = 1;
    keep[i] = 1;
  });
  const onehot = tensor(q, { dtype: logits.dtype, shape: [rows, classes] });
  const scale = mul(reshape(dy, [rows, 1]), tensor(keep, { dtype: logits.dtype, shape: [rows, 1] }));
  return mul(scale, sub(softmax(logits, 1), onehot));
}

/**
 * Softmax cross-entropy of each row of `logits [rows, classes]` against int32 class indices
 * `target [rows]`, fused into one kernel pass each way: returns the per-row losses `[rows]`,
 * `logsumexp(logits[i]) − logits[i, target[i]]` (stable for any logit size: the row's maximum
 * is subtracted first), and 0 on rows whose target is `ignoreIndex` (default −100). The
 * gradient with respect to the logits is `softmax(logits) − onehot(target)` per row. This is the
 * primitive under {@link crossEntropy}'s common case (class indices, no weights, no smoothing).
 * @example
 * softmaxCrossEntropy(tensor([[0, 0], [2, 0]]), tensor([1, 0], { dtype: 'int32' }));
 * // [log 2, log(1 + e⁻²)] = [0.6931, 0.1269]
 */
export function softmaxCrossEntropy(logits: Tensor, target: Tensor, ignoreIndex = -100): Tensor {
  const t = checkedTargets(logits, target, ignoreIndex);
  const [rows, classes] = logits.shape as [number, number];
  let lse: TypedArray | undefined;
  const op = defineOp({
    name: OP,
    forward: (x: Tensor): Tensor => {
      const losses = allocate(x.dtype, rows);
      lse = allocate(x.dtype, rows);
      kernels().softmaxCrossEntropy(denseData(x), t, rows, classes, ignoreIndex, losses, lse);
      return fromData(losses, [rows], x.dtype);
    },
    backward: (dy, { args: [x] }) => {
      if (isGradEnabled()) return [compositeBackward(dy, x, t, ignoreIndex)];
      const d = allocate(x.dtype, rows * classes);
      const k = kernels();
      k.softmaxCrossEntropyBackward(denseData(x), t, lse!, denseData(dy), rows, classes, ignoreIndex, d);
      return [fromData(d, [rows, classes], x.dtype)];
    },
  });
  return op(logits);
}
