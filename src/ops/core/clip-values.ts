import { kernels } from '../../backends/registry.js';
import { allocateUninitialized } from '../../tensor/dtype.js';
import type { Tensor } from '../../tensor/tensor.js';
import { maximum, minimum } from '../maximum.js';
import { denseData, fromData } from './run-kernel.js';

/**
 * min(max(x, min), max) elementwise without a gradient: one kernel pass (Kernels.clamp) for
 * floats, the maximum and minimum ops otherwise (an integer x against a fractional bound promotes
 * as they do). The forward of clamp and of hardTanh, which differ only in their gradients.
 * @example
 * const x = tensor([-3, 0.5, 2]);
 * clipValues(x, 0, 1); // => [0, 0.5, 1]
 */
export function clipValues(x: Tensor, min: number, max: number): Tensor {
  if (x.dtype === 'float32' || x.dtype === 'float64') {
    const out = allocateUninitialized(x.dtype, x.size);
    kernels().clamp(denseData(x), min, max, out);
    return fromData(out, x.shape, x.dtype);
  }
  const low = min === Number.NEGATIVE_INFINITY ? x : maximum(x, min);
  return max === Number.POSITIVE_INFINITY ? low : minimum(low, max);
}
