import { noGrad } from '../autograd/grad-mode.js';
import { DTypeError, ShapeError } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Checks that `source` can be copied into `target`: the same shape, and dtypes that are equal or
 * both float (float32 ↔ float64 casts; a float/int mismatch is an error).
 * @example
 * checkCopy(zeros([2]), tensor([1, 2]), 'loadStateDict'); // passes
 */
export function checkCopy(target: Tensor, source: Tensor, op: string): void {
  if (!shapesEqual(target.shape, source.shape)) {
    throw new ShapeError(
      `${op}: expected a tensor of shape ${formatShape(target.shape)}, got ${formatShape(source.shape)}`,
    );
  }
  if (target.dtype !== source.dtype && !(isFloat(target.dtype) && isFloat(source.dtype))) {
    throw new DTypeError(`${op}: expected a ${target.dtype} tensor, got ${source.dtype}`);
  }
  if (!target.isContiguous()) throw new ShapeError(`${op}: the target tensor must be contiguous`);
}

/**
 * Writes `source`'s values into `target`'s storage in place (after {@link checkCopy}). In place on
 * purpose: optimizers and user code hold references to parameters and buffers and must see the
 * new values.
 * @example
 * const model = new nn.Linear(2, 1);
 * copyInto(model.weight, tensor([[1, 2]]), 'loadStateDict');
 * model.weight.toArray(); // => [[1, 2]]
 */
export function copyInto(target: Tensor, source: Tensor, op: string): void {
  checkCopy(target, source, op);
  noGrad(() => target.data().set(source.data()));
}
