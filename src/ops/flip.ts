import { kernels } from '../backends/registry.js';
import { ValueError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';

function flipAxes(x: Tensor, axes: readonly number[]): number[] {
  if (!Array.isArray(axes)) throw new ValueError(`flip: axes must be an array of axes, got ${String(axes)}`);
  return normalizeAxes(axes, x.ndim, 'flip');
}

/**
 * The elements in reverse order along each of `axes` (a copy, as PyTorch's `flip`).
 * @example
 * flip(tensor([[1, 2], [3, 4]]), [1]); // => [[2, 1], [4, 3]]
 */
export const flip: (x: Tensor, axes: readonly number[]) => Tensor = defineOp({
  name: 'flip',
  forward: (x: Tensor, axes: readonly number[]): Tensor => {
    expectTensor(x, 'flip', 'x');
    const flipped = flipAxes(x, axes);
    // One strided copy: start at the last element of each flipped axis and walk it backwards.
    const strides = [...x.strides];
    let offset = x.offset;
    for (const a of flipped) {
      const size = x.shape[a]!;
      if (size > 0) offset += (size - 1) * strides[a]!;
      strides[a] = -strides[a]!;
    }
    const out = allocate(x.dtype, x.size);
    if (x.size > 0) kernels().copy({ data: x.storage, offset, strides }, x.shape, out);
    return fromData(out, x.shape, x.dtype);
  },
  // Reversing twice is the identity, so flip is its own adjoint.
  backward: (dy, { args: [, axes] }) => [flip(dy, axes)],
});
