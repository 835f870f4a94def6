import { kernels } from '../backends/registry.js';
import { zeros } from '../tensor/creation.js';
import { allocate } from '../tensor/dtype.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkGatherIndex } from './core/check-gather-index.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';
import { scatterAdd } from './scatter-add.js';

/**
 * Picks along `axis` by an int32 index of the same rank: `out[i][j] = x[index[i][j]][j]` for axis 0,
 * `out[i][j] = x[i][index[i][j]]` for axis 1 (PyTorch's `gather`). The output has index's shape.
 * @example
 * gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1], [0]], { dtype: 'int32' })); // => [[2], [3]]
 */
export const gather: (x: Tensor, axis: number, index: Tensor) => Tensor = defineOp({
  name: 'gather',
  forward: (x: Tensor, axis: number, index: Tensor): Tensor => {
    expectTensor(x, 'gather', 'x');
    const a = normalizeAxis(axis, x.ndim, 'gather');
    const idx = checkGatherIndex('gather', x, 'x', a, index);
    const out = allocate(x.dtype, idx.length);
    kernels().gather(x.data(), x.shape, idx, index.shape, a, out);
    return fromData(out, index.shape, x.dtype);
  },
  backward: (dy, { args: [x, axis, index] }) => [
    scatterAdd(zeros(x.shape, { dtype: dy.dtype }), axis, index, dy),
  ],
});
