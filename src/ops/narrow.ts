import { kernels } from '../backends/registry.js';
import { ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { normalizeAxis } from '../tensor/shape.js';
import { Tensor, viewOf } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { reshape } from './reshape.js';

/**
 * `length` elements of `axis` starting at `start` (negative counts from the end). A view.
 * @example
 * narrow(arange(10), 0, 2, 3); // => [2, 3, 4]
 */
export const narrow: (x: Tensor, axis: number, start: number, length: number) => Tensor = defineOp({
  name: 'narrow',
  forward: (x: Tensor, axis: number, start: number, length: number): Tensor => {
    expectTensor(x, 'narrow', 'x');
    const a = normalizeAxis(axis, x.ndim, 'narrow');
    const size = x.shape[a]!;
    const s = start < 0 ? start + size : start;
    if (!Number.isInteger(s) || s < 0 || s > size)
      throw new ValueError(`narrow: start ${start} is out of range for axis ${a} of size ${size}`);
    if (!Number.isInteger(length) || length < 0 || s + length > size) {
      throw new ValueError(`narrow: length ${length} from start ${s} overruns axis ${a} of size ${size}`);
    }
    const shape = [...x.shape];
    shape[a] = length;
    return new Tensor(x.storage, shape, x.dtype, x.strides, x.offset + s * x.strides[a]!);
  },
  backward: (dy, { args: [x, axis, start] }) => {
    const a = normalizeAxis(axis, x.ndim, 'narrow');
    return [narrowBackward(dy, x.shape, a, start < 0 ? start + x.shape[a]! : start)];
  },
});

/** Zeros of `shape` with `dy` written into the window narrow() took: narrow's adjoint. */
const narrowBackward: (dy: Tensor, shape: readonly number[], axis: number, start: number) => Tensor =
  defineOp({
    name: 'narrowBackward',
    forward: (dy: Tensor, shape: readonly number[], axis: number, start: number): Tensor => {
      const out = zeros(shape, { dtype: dy.dtype });
      const window = viewOf(out);
      kernels().assign({ ...window, offset: start * out.strides[axis]! }, viewOf(dy), dy.shape);
      return out;
    },
    backward: (g, { args: [dy, , axis, start] }) => [narrow(g, axis, start, dy.shape[axis]!)],
  });

/**
 * Elements start, start+step, … < end of `axis` (Python slice semantics; negative indices count
 * from the end). A view when step is 1.
 * @example
 * slice(arange(10), 0, 2, 5); // => [2, 3, 4]
 */
export function slice(x: Tensor, axis: number, start = 0, end?: number, step = 1): Tensor {
  expectTensor(x, 'slice', 'x');
  const a = normalizeAxis(axis, x.ndim, 'slice');
  const size = x.shape[a]!;
  if (step !== 1) throw new ValueError(`slice: only step 1 is supported, got ${step}`);
  const clampIndex = (i: number): number => Math.min(size, Math.max(0, i < 0 ? i + size : i));
  const s = clampIndex(start);
  const e = Math.max(s, clampIndex(end ?? size));
  return narrow(x, a, s, e - s);
}

/**
 * Index `index` of `axis`, with that axis removed (PyTorch's `select`). A view.
 * @example
 * select(tensor([[1, 2], [3, 4]]), 0, 1); // => [3, 4]
 */
export function select(x: Tensor, axis: number, index: number): Tensor {
  expectTensor(x, 'select', 'x');
  const a = normalizeAxis(axis, x.ndim, 'select');
  const size = x.shape[a]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new ValueError(`select: index ${index} is out of range for axis ${a} of size ${size}`);
  }
  const picked = narrow(x, a, index < 0 ? index + size : index, 1);
  const shape = x.shape.filter((_, i) => i !== a);
  return reshape(picked, shape);
}
