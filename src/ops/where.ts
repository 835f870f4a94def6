import { kernels } from '../backends/registry.js';
import { DTypeError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides, sizeOf } from '../tensor/shape.js';
import { type Tensor, type TensorLike, viewOf } from '../tensor/tensor.js';
import { expectTensor, operands } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';
import { sumTo } from './core/sum-to.js';
import { zerosLikeOf } from './core/zeros-like-of.js';

/**
 * Picks `a` where `condition` is true and `b` elsewhere, with broadcasting.
 * @example
 * const x = tensor([-1, 0, 2]);
 * where(gt(x, 0), x, 0); // => [0, 0, 2]
 */
export const where: (condition: Tensor, a: TensorLike, b: TensorLike) => Tensor = defineOp({
  name: 'where',
  forward: (condition: Tensor, a: TensorLike, b: TensorLike): Tensor => {
    expectTensor(condition, 'where', 'condition');
    if (condition.dtype !== 'bool')
      throw new DTypeError(`where: condition must be a bool tensor, got ${condition.dtype}`);
    const [x, y, dtype] = operands(a, b, 'where');
    const shape = broadcastShapes(broadcastShapes(condition.shape, x.shape, 'where'), y.shape, 'where');
    const view = (t: Tensor) => ({ ...viewOf(t), strides: broadcastStrides(t.shape, t.strides, shape) });
    const out = allocate(dtype, sizeOf(shape));
    kernels().where(view(condition), view(x), view(y), shape, out);
    return fromData(out, shape, dtype);
  },
  backward: (dy, { args: [condition, a, b] }) => {
    const zero = zerosLikeOf(dy);
    return [
      null,
      typeof a === 'number' ? null : sumTo(where(condition, dy, zero), a.shape),
      typeof b === 'number' ? null : sumTo(where(condition, zero, dy), b.shape),
    ];
  },
});
