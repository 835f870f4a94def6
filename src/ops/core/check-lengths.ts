import { ShapeError, ValueError } from '../../errors.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { expectTensor } from './convert.js';

/**
 * Checks that `x` is `[batch, seq, ...]` and that `lengths` holds one integer in [1, seq] per
 * sequence of the batch (the padded-sequence ops share this check).
 * @example
 * checkLengths('maskedMean', ones([2, 3, 4]), [3, 1]); // fine
 * checkLengths('maskedMean', ones([2, 3, 4]), [4, 1]); // => throws ValueError
 */
export function checkLengths(op: string, x: Tensor, lengths: readonly number[]): void {
  expectTensor(x, op, 'x');
  if (x.ndim < 2)
    throw new ShapeError(`${op}: x must be [batch, seq, ...] (rank ≥ 2), got shape ${formatShape(x.shape)}`);
  const [batch, seq] = x.shape as [number, number];
  if (!Array.isArray(lengths) || lengths.length !== batch)
    throw new ShapeError(
      `${op}: lengths must hold one length per sequence (${batch}), got ${Array.isArray(lengths) ? lengths.length : String(lengths)}`,
    );
  lengths.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1 || n > seq)
      throw new ValueError(`${op}: lengths[${i}] must be an integer in [1, ${seq}], got ${n}`);
  });
}
