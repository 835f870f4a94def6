import { noGrad } from '../autograd/grad-mode.js';
import { recordMulti } from '../autograd/record.js';
import { ShapeError, ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cat } from './cat.js';
import { expectTensor } from './core/convert.js';
import { narrow } from './narrow.js';

/**
 * Views of consecutive `sizes` entries of `axis`, recorded as one op with several outputs: the
 * backward joins the pieces' gradients with one `cat` (zeros for pieces that got none).
 */
function pieces(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  let at = 0;
  const parts = noGrad(() =>
    sizes.map((s) => {
      const part = narrow(x, axis, at, s);
      at += s;
      return part;
    }),
  );
  return recordMulti('split', parts, [x], (dys) => [
    cat(
      dys.map((d, i) => d ?? zeros(parts[i]!.shape, { dtype: x.dtype })),
      axis,
    ),
  ]);
}

/**
 * Splits `axis` into views: pieces of `sizeOrSizes` entries each (the last one smaller if it does
 * not divide), or of the listed sizes, which must add up to the axis size.
 * @example
 * split(arange(5), 2); // => [[0, 1], [2, 3], [4]]
 * split(arange(5), [1, 4]); // => [[0], [1, 2, 3, 4]]
 */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], axis = 0): Tensor[] {
  expectTensor(x, 'split', 'x');
  if (x.ndim === 0) throw new ShapeError('split: x must have at least 1 dimension, got a scalar');
  const a = normalizeAxis(axis, x.ndim, 'split');
  const size = x.shape[a]!;
  if (typeof sizeOrSizes === 'number') {
    const step = sizeOrSizes;
    if (!Number.isSafeInteger(step) || step <= 0)
      throw new ValueError(`split: size must be a positive integer, got ${step}`);
    const count = Math.max(1, Math.ceil(size / step));
    return pieces(
      x,
      Array.from({ length: count }, (_, i) => Math.min(step, size - i * step)),
      a,
    );
  }
  if (!Array.isArray(sizeOrSizes))
    throw new ValueError(`split: sizeOrSizes must be a number or an array, got ${String(sizeOrSizes)}`);
  sizeOrSizes.forEach((s, i) => {
    if (!Number.isSafeInteger(s) || s < 0)
      throw new ValueError(`split: sizes[${i}] must be a non-negative integer, got ${s}`);
  });
  const total = sizeOrSizes.reduce((s, n) => s + n, 0);
  if (total !== size)
    throw new ValueError(
      `split: sizes ${JSON.stringify(sizeOrSizes)} add up to ${total}, expected the size of axis ${a} (${size})`,
    );
  return pieces(x, sizeOrSizes, a);
}

/**
 * Splits `axis` into at most `chunks` views of ⌈size / chunks⌉ entries (PyTorch's `chunk`: fewer
 * chunks come back when the size does not allow that many).
 * @example
 * chunk(arange(5), 3); // => [[0, 1], [2, 3], [4]]
 */
export function chunk(x: Tensor, chunks: number, axis = 0): Tensor[] {
  expectTensor(x, 'chunk', 'x');
  if (!Number.isSafeInteger(chunks) || chunks <= 0)
    throw new ValueError(`chunk: chunks must be a positive integer, got ${chunks}`);
  if (x.ndim === 0) throw new ShapeError('chunk: x must have at least 1 dimension, got a scalar');
  const a = normalizeAxis(axis, x.ndim, 'chunk');
  const size = x.shape[a]!;
  return split(x, Math.max(1, Math.ceil(size / chunks)), a);
}
