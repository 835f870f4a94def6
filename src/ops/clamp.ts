import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { ge, le } from './compare.js';
import { clipValues } from './core/clip-values.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { where } from './where.js';

function checkBound(value: number | undefined, arg: string): void {
  if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value)))
    throw new ValueError(`clamp: ${arg} must be a number or undefined, got ${String(value)}`);
}

/**
 * x limited to [min, max] (either bound may be left out), elementwise. The gradient passes where
 * min ≤ x ≤ max, edges included, as in PyTorch; NaN stays NaN.
 * @example
 * clamp(tensor([-3, 0.5, 2]), 0, 1); // => [0, 0.5, 1]
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  expectTensor(x, 'clamp', 'x');
  checkBound(min, 'min');
  checkBound(max, 'max');
  if (min === undefined && max === undefined)
    throw new ValueError('clamp: at least one of min and max must be given, got neither');
  if (min !== undefined && max !== undefined && min > max)
    throw new ValueError(`clamp: min (${min}) must not exceed max (${max})`);
  return clampBetween(x, min ?? Number.NEGATIVE_INFINITY, max ?? Number.POSITIVE_INFINITY);
}

// The gradient flows where min ≤ x ≤ max (PyTorch's clamp).
const clampBetween: (x: Tensor, min: number, max: number) => Tensor = defineOp({
  name: 'clamp',
  forward: clipValues,
  backward: (dy, { args: [x, min, max] }) => [where(ge(x, min), where(le(x, max), dy, 0), 0)],
});
