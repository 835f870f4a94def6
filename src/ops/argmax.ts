import { ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { reduceAxes } from './core/reduce-axes.js';
import { reshape } from './reshape.js';

function argExtreme(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  expectTensor(x, op, 'x');
  if (axis === undefined) {
    // No axis: the index into the flattened tensor.
    if (x.size === 0)
      throw new ValueError(`${op}: cannot take ${op} of an empty tensor (shape [${x.shape}])`);
    const flat =
      x.ndim === 0 ? zeros([], { dtype: 'int32' }) : reduceAxes(op, reshape(x, [x.size]), [0], 'int32');
    return keepDims
      ? reshape(
          flat,
          x.shape.map(() => 1),
        )
      : flat;
  }
  const a = normalizeAxis(axis, x.ndim, op);
  if (x.ndim === 0) return zeros([], { dtype: 'int32' });
  if (x.shape[a] === 0) throw new ValueError(`${op}: cannot reduce axis ${a} of size 0 (no index to return)`);
  const out = reduceAxes(op, x, [a], 'int32');
  return keepDims
    ? reshape(
        out,
        x.shape.map((s, i) => (i === a ? 1 : s)),
      )
    : out;
}

/**
 * The int32 index of the largest value along `axis` (the first one on ties; NaN counts as the
 * largest). Without an axis, the index into the flattened tensor.
 * @example
 * argmax(tensor([[1, 5], [7, 2]]), 1); // => [1, 0]
 */
export function argmax(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argExtreme('argmax', x, axis, keepDims);
}

/**
 * The int32 index of the smallest value along `axis` (the first one on ties). Without an axis,
 * the index into the flattened tensor.
 * @example
 * argmin(tensor([[1, 5], [7, 2]]), 1); // => [0, 1]
 */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argExtreme('argmin', x, axis, keepDims);
}
