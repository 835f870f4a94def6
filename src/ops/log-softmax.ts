import { noGrad } from '../autograd/grad-mode.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs } from './abs.js';
import { lt } from './compare.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { logsumexp } from './logsumexp.js';
import { max } from './max.js';
import { sub } from './sub.js';
import { where } from './where.js';

/**
 * log(softmax(x)) along `axis` (default the last), as (x − m) − logsumexp(x − m) with m the
 * maximum: stable for ±1000 and exact in float32 there.
 * @example
 * logSoftmax(tensor([0, 0])); // => [-0.6931, -0.6931]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  expectTensor(x, 'logSoftmax', 'x');
  expectFloat(x, 'logSoftmax');
  const a = normalizeAxis(axis, x.ndim, 'logSoftmax');
  const axes = x.ndim === 0 ? [] : [a];
  if (x.size === 0) return sub(x, logsumexp(x, axes, true));
  // Shift first: x − logsumexp(x) rounds logsumexp near |x| ≈ 1000 to float32's spacing there
  // (6e-5), while x − m is exact. m is a constant for the gradient; an infinite m becomes 0.
  const m = noGrad(() => {
    const raw = max(x, axes, true);
    return where(lt(abs(raw), Number.POSITIVE_INFINITY), raw, 0);
  });
  const shifted = sub(x, m);
  return sub(shifted, logsumexp(shifted, axes, true));
}
