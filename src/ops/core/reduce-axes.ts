import { kernels } from '../../backends/registry.js';
import type { ReduceOp } from '../../backends/types.js';
import { allocate, type DType } from '../../tensor/dtype.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fromData } from './run-kernel.js';

/**
 * The shape after reducing `axes`, with size-1 axes kept or dropped.
 * @example
 * reducedShape([2, 3, 4], [1], true); // => [2, 1, 4]
 */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  return keepDims
    ? shape.map((s, i) => (axes.includes(i) ? 1 : s))
    : shape.filter((_, i) => !axes.includes(i));
}

/**
 * Runs a reduce kernel over sorted `axes`, one run of adjacent axes at a time from the last, so
 * each call reduces one middle block of a contiguous array.
 * @example
 * reduceAxes('sum', tensor([[1, 2], [3, 4]]), [1]); // => [3, 7]
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
