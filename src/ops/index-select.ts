import { kernels } from '../backends/registry.js';
import { DTypeError, ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { allocate } from '../tensor/dtype.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData, splitAt } from './core/run-kernel.js';

function checkIndex(index: Tensor, size: number, op: string): Int32Array {
  expectTensor(index, op, 'index');
  if (index.dtype !== 'int32')
    throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  const data = index.data() as Int32Array;
  for (const i of data) {
    if (i < 0 || i >= size)
      throw new ValueError(`${op}: index ${i} is out of range for an axis of size ${size}`);
  }
  return data;
}

/**
 * The entries `index` (int32) along `axis`: the output's `axis` has `index.size` entries (an
 * embedding lookup is indexSelect on axis 0 of the weight).
 * @example
 * indexSelect(tensor([[1, 2], [3, 4], [5, 6]]), 0, tensor([2, 0], { dtype: 'int32' })); // => [[5, 6], [1, 2]]
 */
export const indexSelect: (x: Tensor, axis: number, index: Tensor) => Tensor = defineOp({
  name: 'indexSelect',
  forward: (x: Tensor, axis: number, index: Tensor): Tensor => {
    expectTensor(x, 'indexSelect', 'x');
    const a = normalizeAxis(axis, x.ndim, 'indexSelect');
    const idx = checkIndex(index, x.shape[a] ?? 1, 'indexSelect');
    const [outer, size, inner] = splitAt(x.shape, a);
    const out = allocate(x.dtype, outer * idx.length * inner);
    kernels().indexSelect(x.data(), outer, size, inner, idx, out);
    const shape = x.ndim === 0 ? [idx.length] : [...x.shape];
    shape[a] = idx.length;
    return fromData(out, shape, x.dtype);
  },
  backward: (dy, { args: [x, axis, index] }) => [
    indexAdd(zeros(x.shape, { dtype: dy.dtype }), axis, index, dy),
  ],
});

/**
 * `out` with `src`'s entries added at positions `index` along `axis` (repeated indices add up).
 * Returns a new tensor; `out` is not changed.
 * @example
 * indexAdd(zeros([3]), 0, tensor([0, 0], { dtype: 'int32' }), tensor([1, 2])); // => [3, 0, 0]
 */
export const indexAdd: (out: Tensor, axis: number, index: Tensor, src: Tensor) => Tensor = defineOp({
  name: 'indexAdd',
  forward: (target: Tensor, axis: number, index: Tensor, src: Tensor): Tensor => {
    expectTensor(target, 'indexAdd', 'out');
    expectTensor(src, 'indexAdd', 'src');
    const a = normalizeAxis(axis, target.ndim, 'indexAdd');
    const idx = checkIndex(index, target.shape[a] ?? 1, 'indexAdd');
    const [outer, size, inner] = splitAt(target.shape, a);
    const data = allocate(target.dtype, target.size);
    data.set(target.data());
    kernels().indexAdd(data, outer, size, inner, idx, src.data());
    return fromData(data, target.shape, target.dtype);
  },
  // Gradients line up with the arguments (out, axis, index, src): none for axis or index.
  backward: (dy, { args: [, axis, index] }) => [dy, null, null, indexSelect(dy, axis, index)],
});
