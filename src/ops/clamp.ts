import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { gt, lt } from './compare.js';
import { expectTensor } from './core/convert.js';
import { where } from './where.js';

function checkBound(value: number | undefined, arg: string): void {
  if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value)))
    throw new ValueError(`clamp: ${arg} must be a number or undefined, got ${String(value)}`);
}

/**
 * x limited to [min, max] (either bound may be left out), elementwise. The gradient passes where
 * min ≤ x ≤ max, edges included, as in PyTorch; NaN stays NaN.
 * @example
 * clamp(tensor([-3, 0.5, 2]), 0, 1); // [0, 0.5, 1]
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  expectTensor(x, 'clamp', 'x');
  checkBound(min, 'min');
  checkBound(max, 'max');
  if (min === undefined && max === undefined)
    throw new ValueError('clamp: at least one of min and max must be given, got neither');
  if (min !== undefined && max !== undefined && min > max)
    throw new ValueError(`clamp: min (${min}) must not exceed max (${max})`);
  let out = x;
  if (max !== undefined) out = where(gt(out, max), max, out);
  if (min !== undefined) out = where(lt(out, min), min, out);
  return out;
}
