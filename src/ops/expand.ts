import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { sumTo } from './core/sum-to.js';

/**
 * Broadcasts to a larger shape without copying (size-1 axes repeat with stride 0; −1 keeps a size).
 * @example
 * expand(tensor([[1], [2]]), [2, 3]); // => [[1, 1, 1], [2, 2, 2]]
 */
export const expand: (x: Tensor, shape: readonly number[]) => Tensor = defineOp({
  name: 'expand',
  forward: (x: Tensor, shape: readonly number[]): Tensor => {
    expectTensor(x, 'expand', 'x');
    const off = shape.length - x.ndim;
    if (off < 0)
      throw new ShapeError(
        `expand: cannot expand shape ${formatShape(x.shape)} to fewer axes ${formatShape(shape)}`,
      );
    const target: number[] = [];
    const strides: number[] = [];
    shape.forEach((s, i) => {
      const own = i >= off ? x.shape[i - off]! : 1;
      const size = s === -1 ? own : s;
      if (i >= off && own !== size && own !== 1) {
        throw new ShapeError(
          `expand: shape ${formatShape(x.shape)} cannot be expanded to ${formatShape(shape)} (axis ${i}: ${own} vs ${size})`,
        );
      }
      if (!Number.isSafeInteger(size) || size < 0)
        throw new ShapeError(`expand: shape[${i}] must be a non-negative integer, got ${s}`);
      target.push(size);
      strides.push(i >= off && own === size ? x.strides[i - off]! : 0);
    });
    return new Tensor(x.storage, target, x.dtype, strides, x.offset);
  },
  backward: (dy, { args: [x] }) => [sumTo(dy, x.shape)],
});
