import { noGrad } from '../autograd/grad-mode.js';
import { recordMulti } from '../autograd/record.js';
import { ShapeError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { stack } from './cat.js';
import { expectTensor } from './core/convert.js';
import { select } from './narrow.js';

/**
 * The slices of `axis`, each with that axis removed (views): `unbind(x)[t]` is `select(x, 0, t)`.
 * Recorded as one op, so the gradients of all slices come back with one `stack` — a loop over
 * time steps costs one gradient tensor rather than one full-size tensor per step.
 * @example
 * unbind(tensor([[1, 2], [3, 4]])); // [tensor([1, 2]), tensor([3, 4])]
 */
export function unbind(x: Tensor, axis = 0): Tensor[] {
  expectTensor(x, 'unbind', 'x');
  if (x.ndim === 0) throw new ShapeError('unbind: x must have at least 1 dimension, got a scalar');
  const a = normalizeAxis(axis, x.ndim, 'unbind');
  const slices = noGrad(() => Array.from({ length: x.shape[a]! }, (_, i) => select(x, a, i)));
  return recordMulti('unbind', slices, [x], (dys) => [
    stack(
      dys.map((d, i) => d ?? zeros(slices[i]!.shape, { dtype: x.dtype })),
      a,
    ),
  ]);
}
