import { ShapeError, ValueError } from '../../errors.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { expectTensor } from './convert.js';

/** Checks a shuffle's input: at least 3 axes [..., C, H, W] and an integer factor ≥ 1. */
export function checkShuffle(x: Tensor, factor: number, op: string): void {
  expectTensor(x, op, 'x');
  if (!Number.isSafeInteger(factor) || factor < 1)
    throw new ValueError(`${op}: the factor must be a positive integer, got ${factor}`);
  if (x.ndim < 3) throw new ShapeError(`${op}: x must be [..., C, H, W], got ${formatShape(x.shape)}`);
}
