import { kernels } from '../backends/registry.js';
import { ShapeError, ValueError } from '../errors.js';
import { allocate, promoteTypes } from '../tensor/dtype.js';
import { contiguousStrides, formatShape, normalizeAxis, sizeOf } from '../tensor/shape.js';
import { type Tensor, viewOf } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { fromData } from './core/run-kernel.js';
import { narrow } from './narrow.js';
import { reshape } from './reshape.js';

function catForward(...args: unknown[]): Tensor {
  const axis = args[args.length - 1] as number;
  const xs = args.slice(0, -1) as Tensor[];
  if (xs.length === 0) throw new ValueError('cat: expected at least one tensor');
  xs.forEach((x, i) => {
    expectTensor(x, 'cat', `tensors[${i}]`);
  });
  const first = xs[0]!;
  const a = normalizeAxis(axis, first.ndim, 'cat');
  xs.forEach((x, i) => {
    if (x.ndim !== first.ndim || x.shape.some((s, d) => d !== a && s !== first.shape[d])) {
      throw new ShapeError(
        `cat: tensors[${i}] has shape ${formatShape(x.shape)}, which does not match ${formatShape(first.shape)} outside axis ${a}`,
      );
    }
  });
  const dtype = xs.map((x) => x.dtype).reduce(promoteTypes);
  const shape = [...first.shape];
  shape[a] = xs.reduce((s, x) => s + x.shape[a]!, 0);
  const out = allocate(dtype, sizeOf(shape));
  const strides = contiguousStrides(shape);
  let at = 0;
  for (const x of xs) {
    const src = x.dtype === dtype ? x : cast(x, dtype);
    kernels().assign({ data: out, offset: at * strides[a]!, strides }, viewOf(src), x.shape);
    at += x.shape[a]!;
  }
  return fromData(out, shape, dtype);
}

const catOp = defineOp<unknown[]>({
  name: 'cat',
  forward: catForward,
  backward: (dy, { args }) => {
    const xs = args.slice(0, -1) as Tensor[];
    const a = normalizeAxis(args[args.length - 1] as number, dy.ndim, 'cat');
    let at = 0;
    return xs.map((x) => {
      const g = narrow(dy, a, at, x.shape[a]!);
      at += x.shape[a]!;
      return g;
    });
  },
});

/**
 * Joins tensors along an existing axis.
 * @example
 * cat([tensor([1, 2]), tensor([3])]); // => [1, 2, 3]
 */
export function cat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors)) throw new ValueError('cat: tensors must be an array of tensors');
  return catOp(...tensors, axis);
}

/**
 * Joins tensors of one shape along a new axis.
 * @example
 * stack([tensor([1, 2]), tensor([3, 4])]); // => [[1, 2], [3, 4]]
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0)
    throw new ValueError('stack: expected a non-empty array of tensors');
  const first = tensors[0]!;
  const a = normalizeAxis(axis, first.ndim + 1, 'stack');
  tensors.forEach((t, i) => {
    expectTensor(t, 'stack', `tensors[${i}]`);
    if (t.ndim !== first.ndim || t.shape.some((s: number, d: number) => s !== first.shape[d])) {
      throw new ShapeError(
        `stack: tensors[${i}] has shape ${formatShape(t.shape)}, expected ${formatShape(first.shape)}`,
      );
    }
  });
  return cat(
    tensors.map((t) => reshape(t, [...t.shape.slice(0, a), 1, ...t.shape.slice(a)])),
    a,
  );
}
