import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { ge, le } from './compare.js';
import { checkFiniteNumber } from './core/check-number.js';
import { expectTensor } from './core/convert.js';
import { where } from './where.js';

/**
 * x clipped to [min, max], elementwise. Unlike clamp, no gradient passes at the edges
 * themselves (PyTorch's hardtanh convention: it flows only where min < x < max).
 * @example
 * hardTanh(tensor([-3, 0.5, 2])); // [-1, 0.5, 1]
 */
export function hardTanh(x: Tensor, min = -1, max = 1): Tensor {
  expectTensor(x, 'hardTanh', 'x');
  checkFiniteNumber(min, 'hardTanh', 'min');
  checkFiniteNumber(max, 'hardTanh', 'max');
  if (min > max) throw new ValueError(`hardTanh: min (${min}) must not exceed max (${max})`);
  return where(le(x, min), min, where(ge(x, max), max, x));
}
