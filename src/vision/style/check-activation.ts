import { DTypeError, ShapeError, type Tensor } from '../../index.js';

/**
 * Checks that `x` is a float32 or float64 tensor, naming `op` and `arg` in the error.
 * @example
 * checkFloat(zeros([2]), 'gramMatrix', 'features'); // passes
 */
export function checkFloat(x: Tensor, op: string, arg: string): void {
  if (x.dtype !== 'float32' && x.dtype !== 'float64')
    throw new DTypeError(`${op}: ${arg} must be float32 or float64, got ${x.dtype}`);
}

/**
 * One image's activations as [nC, nH, nW]: accepts [nC, nH, nW] or a batch of one [1, nC, nH, nW]
 * of float32 or float64.
 * @example
 * asSingleActivation(zeros([1, 3, 4, 4]), 'contentCost', 'aC').shape; // [3, 4, 4]
 */
export function asSingleActivation(a: Tensor, op: string, arg: string): Tensor {
  if (a === null || typeof a !== 'object' || !('shape' in a))
    throw new ShapeError(`${op}: ${arg} must be a tensor, got ${typeof a}`);
  checkFloat(a, op, arg);
  if (a.ndim === 4 && a.shape[0] === 1) return a.select(0, 0);
  if (a.ndim === 3) return a;
  throw new ShapeError(`${op}: ${arg} must be [nC, nH, nW] or [1, nC, nH, nW], got [${a.shape.join(', ')}]`);
}

/** Checks that two activations share their shape. */
export function checkSameShape(a: Tensor, b: Tensor, op: string, [na, nb]: [string, string]): void {
  if (a.shape.join() !== b.shape.join())
    throw new ShapeError(
      `${op}: ${na} [${a.shape.join(', ')}] and ${nb} [${b.shape.join(', ')}] must have one shape`,
    );
}
