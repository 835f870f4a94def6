import { ShapeError } from '../errors.js';
import { normalizeAxis } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';

/**
 * Reorders the axes (a view): output axis i is input axis `axes[i]`.
 * @example
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // => [4, 2, 3]
 */
export const permute: (x: Tensor, axes: readonly number[]) => Tensor = defineOp({
  name: 'permute',
  forward: (x: Tensor, axes: readonly number[]): Tensor => {
    expectTensor(x, 'permute', 'x');
    if (!Array.isArray(axes) || axes.length !== x.ndim) {
      throw new ShapeError(`permute: axes must list all ${x.ndim} axes, got ${JSON.stringify(axes)}`);
    }
    const order = axes.map((a) => normalizeAxis(a, x.ndim, 'permute', 'axes'));
    if (new Set(order).size !== order.length)
      throw new ShapeError(`permute: axes ${JSON.stringify(axes)} repeat an axis`);
    return new Tensor(
      x.storage,
      order.map((a) => x.shape[a]!),
      x.dtype,
      order.map((a) => x.strides[a]!),
      x.offset,
    );
  },
  backward: (dy, { args: [x, axes] }) => {
    const inverse = new Array<number>(axes.length);
    axes.forEach((a, i) => {
      inverse[a < 0 ? a + x.ndim : a] = i;
    });
    return [permute(dy, inverse)];
  },
});

/**
 * Swaps two axes (a view); by default the last two, as for a matrix transpose.
 * @example
 * transpose(zeros([2, 3])).shape; // => [3, 2]
 */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  expectTensor(x, 'transpose', 'x');
  if (x.ndim < 2 && axis0 === -2 && axis1 === -1) return x;
  const a = normalizeAxis(axis0, x.ndim, 'transpose', 'axis0');
  const b = normalizeAxis(axis1, x.ndim, 'transpose', 'axis1');
  const axes = Array.from({ length: x.ndim }, (_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, axes);
}
