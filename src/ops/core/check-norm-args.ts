import { ShapeError } from '../../errors.js';
import { formatShape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { expectFloat, expectTensor } from './convert.js';

/**
 * Checks an optional per-feature tensor of a normalization op (weight, bias, running statistics):
 * absent, or a float tensor of exactly `shape`.
 * @example
 * checkNormArg(ones([3]), [3], 'batchNorm', 'weight'); // passes
 */
export function checkNormArg(
  t: Tensor | null | undefined,
  shape: readonly number[],
  op: string,
  arg: string,
): void {
  if (t == null) return;
  expectTensor(t, op, arg);
  expectFloat(t, op, arg);
  if (!shapesEqual(t.shape, shape))
    throw new ShapeError(`${op}: ${arg} must have shape ${formatShape(shape)}, got ${formatShape(t.shape)}`);
}
