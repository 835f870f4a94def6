import { kernels } from '../backends/registry.js';
import type { ReduceOp } from '../backends/types.js';
import { allocate, type DType } from '../tensor/dtype.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { expectTensor } from './convert.js';
import { defineOp } from './define-op.js';
import { expand } from './expand.js';
import { reshape } from './reshape.js';
import { fromData } from './run-kernel.js';

/** The shape after reducing `axes`, with size-1 axes kept or dropped. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  return keepDims
    ? shape.map((s, i) => (axes.includes(i) ? 1 : s))
    : shape.filter((_, i) => !axes.includes(i));
}

/**
 * Runs a reduce kernel over sorted `axes`, one run of adjacent axes at a time from the last, so
 * each call reduces one middle block of a contiguous array.
 */
export function reduceAxes(op: ReduceOp, x: Tensor, axes: readonly number[], dtype: DType = x.dtype): Tensor {
  let data = x.data();
  let shape = [...x.shape];
  let end = axes.length - 1;
  while (end >= 0) {
    let start = end;
    while (start > 0 && axes[start - 1] === axes[start]! - 1) start--;
    const first = axes[start]!;
    const last = axes[end]!;
    let outer = 1;
    let size = 1;
    let inner = 1;
    shape.forEach((s, i) => {
      if (i < first) outer *= s;
      else if (i > last) inner *= s;
      else size *= s;
    });
    const out = allocate(dtype, outer * inner);
    kernels().reduce(op, data, outer, size, inner, out);
    data = out;
    shape = [...shape.slice(0, first), ...shape.slice(last + 1)];
    end = start - 1;
  }
  return fromData(data, shape, dtype);
}

/**
 * Sum over `axis` (a number, a list, or all axes when omitted); `keepDims` keeps them as size 1.
 * Integer and bool tensors sum to int32.
 * @example
 * sum(tensor([[1, 2], [3, 4]]), 0); // => [4, 6]
 */
export const sum: (x: Tensor, axis?: number | readonly number[], keepDims?: boolean) => Tensor = defineOp({
  name: 'sum',
  forward: (x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor => {
    expectTensor(x, 'sum', 'x');
    const axes = normalizeAxes(axis, x.ndim, 'sum');
    const dtype = x.dtype === 'bool' ? 'int32' : x.dtype;
    const out = reduceAxes('sum', x.dtype === 'bool' ? cast(x, 'int32') : x, axes, dtype);
    return keepDims ? reshape(out, reducedShape(x.shape, axes, true)) : out;
  },
  backward: (dy, { args: [x, axis] }) => {
    const axes = normalizeAxes(axis, x.ndim, 'sum');
    return [expand(reshape(dy, reducedShape(x.shape, axes, true)), x.shape)];
  },
});
