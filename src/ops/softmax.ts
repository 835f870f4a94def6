import { isGradEnabled } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { allocateUninitialized } from '../tensor/dtype.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { denseData, fromData, splitAt } from './core/run-kernel.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

// One kernel pass each way (Kernels.softmax): the maximum is subtracted first, so inputs of
// ±1e4 neither overflow nor give NaN.
const softmaxAlong = defineOp({
  name: 'softmax',
  forward: (x: Tensor, axis: number): Tensor => {
    const [outer, size, inner] = splitAt(x.shape, axis);
    const out = allocateUninitialized(x.dtype, x.size);
    kernels().softmax(denseData(x), outer, size, inner, out);
    return fromData(out, x.shape, x.dtype);
  },
  backward: (dy, { args: [, axis], output: y }) => {
    // dx = y·(dy − Σ dy·y): as ops when the backward is itself recorded.
    if (isGradEnabled()) return [mul(y, sub(dy, sum(mul(dy, y), y.ndim === 0 ? [] : [axis], true)))];
    const [outer, size, inner] = splitAt(y.shape, axis);
    const dx = allocateUninitialized(y.dtype, y.size);
    kernels().softmaxBackward(denseData(y), denseData(dy), outer, size, inner, dx);
    return [fromData(dx, y.shape, y.dtype)];
  },
});

/**
 * e^xᵢ / Σⱼ e^xⱼ along `axis` (default the last), with the maximum subtracted first so that
 * inputs of ±1e4 neither overflow nor give NaN.
 * @example
 * softmax(tensor([1, 1])); // => [0.5, 0.5]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  expectTensor(x, 'softmax', 'x');
  expectFloat(x, 'softmax');
  return softmaxAlong(x, x.ndim === 0 ? 0 : normalizeAxis(axis, x.ndim, 'softmax'));
}
