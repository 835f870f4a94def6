import { ShapeError } from '../errors.js';
import { contiguousStrides, formatShape, sizeOf, viewStrides } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous } from './contiguous.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { resolveShape } from './core/resolve-shape.js';

/**
 * The same elements in a new shape (one size may be −1). A view when the tensor is contiguous,
 * a copy otherwise.
 * @example
 * reshape(arange(6), [2, -1]).shape; // => [2, 3]
 */
export const reshape: (x: Tensor, shape: readonly number[]) => Tensor = defineOp({
  name: 'reshape',
  forward: (x: Tensor, shape: readonly number[]): Tensor => {
    expectTensor(x, 'reshape', 'x');
    const target = resolveShape(shape, x.size, 'reshape');
    // A view whenever strides can express the new shape (PyTorch's rule); else a copy.
    const strides = x.isContiguous() ? contiguousStrides(target) : viewStrides(x.shape, x.strides, target);
    if (strides) return new Tensor(x.storage, target, x.dtype, strides, x.offset);
    const source = contiguous(x);
    return new Tensor(source.storage, target, x.dtype, contiguousStrides(target), source.offset);
  },
  backward: (dy, { args: [x] }) => [reshape(dy, x.shape)],
});

/**
 * Like {@link reshape} but never copies: a non-contiguous tensor is an error (PyTorch's `view`).
 * @example
 * view(zeros([4, 3]), [2, 6]);
 */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  expectTensor(x, 'view', 'x');
  if (!x.isContiguous() && !viewStrides(x.shape, x.strides, resolveShape(shape, x.size, 'view')))
    throw new ShapeError(
      `view: the tensor of shape ${formatShape(x.shape)} is not contiguous in a way that allows this shape; use reshape() or contiguous() first`,
    );
  return reshape(x, shape);
}

/**
 * Merges axes startAxis … endAxis into one.
 * @example
 * flatten(zeros([2, 3, 4]), 1).shape; // => [2, 12]
 */
export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  expectTensor(x, 'flatten', 'x');
  if (x.ndim === 0) return reshape(x, [1]);
  const nd = x.ndim;
  const s = startAxis < 0 ? startAxis + nd : startAxis;
  const e = endAxis < 0 ? endAxis + nd : endAxis;
  if (!(s >= 0 && e < nd && s <= e))
    throw new ShapeError(`flatten: axes ${startAxis}..${endAxis} do not fit a tensor of rank ${nd}`);
  const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}
