import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './convert.js';
import { logsumexp } from './logsumexp.js';
import { sub } from './sub.js';

/**
 * log(softmax(x)) along `axis` (default the last), as x − logsumexp(x): stable for ±1000.
 * @example
 * logSoftmax(tensor([0, 0])); // [-0.6931, -0.6931]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  expectTensor(x, 'logSoftmax', 'x');
  expectFloat(x, 'logSoftmax');
  const a = normalizeAxis(axis, x.ndim, 'logSoftmax');
  return sub(x, logsumexp(x, x.ndim === 0 ? [] : [a], true));
}
