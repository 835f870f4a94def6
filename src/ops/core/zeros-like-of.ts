import { full } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';

/** A scalar zero of `x`'s dtype: the cheapest "nothing here" for where() and friends. */
export function zerosLikeOf(x: Tensor): Tensor {
  return full([], 0, { dtype: x.dtype });
}
