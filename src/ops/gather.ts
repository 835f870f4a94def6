import { kernels } from '../backends/registry.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape, normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './convert.js';
import { defineOp } from './define-op.js';
import { fromData } from './run-kernel.js';
import { scatterAdd } from './scatter-add.js';

/**
 * Checks an index for gather-like ops against the tensor it indexes (`target`, of which `what`
 * names the role): int32, the same rank, no larger outside `axis`, entries within `axis`.
 */
export function checkGatherIndex(
  op: string,
  target: Tensor,
  what: string,
  axis: number,
  index: Tensor,
): Int32Array {
  expectTensor(index, op, 'index');
  if (index.dtype !== 'int32')
    throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  if (index.ndim !== target.ndim) {
    throw new ShapeError(
      `${op}: index must have the rank of ${what} (${target.ndim}), got shape ${formatShape(index.shape)}`,
    );
  }
  index.shape.forEach((s, d) => {
    if (d !== axis && s > target.shape[d]!)
      throw new ShapeError(
        `${op}: index.shape[${d}] (${s}) must not exceed ${what}.shape[${d}] (${target.shape[d]}) (index shape ${formatShape(index.shape)}, ${what} shape ${formatShape(target.shape)})`,
      );
  });
  const data = index.data() as Int32Array;
  const size = target.shape[axis] ?? 1;
  for (const i of data) {
    if (i < 0 || i >= size)
      throw new ValueError(`${op}: index ${i} is out of range for axis ${axis} of size ${size}`);
  }
  return data;
}

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
