import type { Tensor } from '../tensor/tensor.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';

/**
 * The tensor with its elements laid out in row-major order (itself when they already are).
 * @example
 * const x = randn([2, 3]);
 * transpose(x).contiguous().isContiguous(); // => true
 */
export const contiguous: (x: Tensor) => Tensor = defineOp({
  name: 'contiguous',
  forward: (x: Tensor): Tensor => (x.isContiguous() ? x : fromData(x.data(), x.shape, x.dtype)),
  backward: (dy) => [dy],
});
