import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { expectTensor } from './convert.js';

/**
 * Checks an index for gather-like ops against the tensor it indexes (`target`, of which `what`
 * names the role): int32, the same rank, no larger outside `axis`, entries within `axis`.
 * @example
 * checkGatherIndex('gather', zeros([2, 2]), 'x', 1, tensor([[1], [0]], { dtype: 'int32' })); // Int32Array [1, 0]
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
