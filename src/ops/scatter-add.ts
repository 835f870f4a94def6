import { kernels } from '../backends/registry.js';
import { ShapeError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape, normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { checkGatherIndex } from './core/check-gather-index.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';
import { gather } from './gather.js';

/**
 * `x` with `src`'s entries added at the positions `index` names along `axis`: for axis 0,
 * `out[index[i][j]][j] += src[i][j]` (PyTorch's `scatter_add`; repeated indices add up). `src`
 * has index's shape. Returns a new tensor; `x` is not changed. The adjoint of {@link gather}.
 * @example
 * scatterAdd(zeros([3]), 0, tensor([0, 2, 0], { dtype: 'int32' }), tensor([1, 2, 3])); // => [4, 0, 2]
 */
export const scatterAdd: (x: Tensor, axis: number, index: Tensor, src: Tensor) => Tensor = defineOp({
  name: 'scatterAdd',
  forward: (x: Tensor, axis: number, index: Tensor, src: Tensor): Tensor => {
    expectTensor(x, 'scatterAdd', 'x');
    expectTensor(src, 'scatterAdd', 'src');
    const a = normalizeAxis(axis, x.ndim, 'scatterAdd');
    const idx = checkGatherIndex('scatterAdd', x, 'x', a, index);
    if (src.ndim !== index.ndim || src.shape.some((s, d) => s !== index.shape[d])) {
      throw new ShapeError(
        `scatterAdd: src must have index's shape ${formatShape(index.shape)}, got ${formatShape(src.shape)}`,
      );
    }
    const data = allocate(x.dtype, x.size);
    data.set(x.data());
    const values = src.dtype === x.dtype ? src : cast(src, x.dtype);
    kernels().scatterAdd(data, x.shape, idx, index.shape, a, values.data());
    return fromData(data, x.shape, x.dtype);
  },
  // Gradients line up with the arguments (x, axis, index, src): none for axis or index.
  backward: (dy, { args: [, axis, index] }) => [dy, null, null, gather(dy, axis, index)],
});
