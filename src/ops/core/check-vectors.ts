import { ShapeError, ValueError } from '../../errors.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { expectFloat, expectTensor } from './convert.js';

/** Checks a norm order: any p > 0, or Infinity. */
export function checkOrder(p: number, op: string): void {
  if (typeof p !== 'number' || !(p > 0))
    throw new ValueError(`${op}: p must be a positive number or Infinity, got ${p}`);
}

/** Checks two float tensors of at least one axis with equal last axes (the vectors compared). */
export function checkVectors(x1: Tensor, x2: Tensor, op: string, [n1, n2] = ['x1', 'x2']): void {
  expectTensor(x1, op, n1!);
  expectTensor(x2, op, n2!);
  expectFloat(x1, op, n1);
  expectFloat(x2, op, n2);
  if (x1.ndim === 0 || x2.ndim === 0 || x1.shape.at(-1) !== x2.shape.at(-1))
    throw new ShapeError(
      `${op}: ${n1} and ${n2} must end in the same vector size, got ${formatShape(x1.shape)} and ${formatShape(x2.shape)}`,
    );
}
