import { noGrad } from '../autograd/grad-mode.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { lt } from './compare.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { reducedShape } from './core/reduce-axes.js';
import { exp } from './exp.js';
import { log } from './log.js';
import { max } from './max.js';
import { reshape } from './reshape.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { where } from './where.js';

/**
 * log Σ eˣ over `axis`, computed as m + log Σ e^(x − m) with m the maximum so that nothing
 * overflows (stable for inputs of ±1e4).
 * @example
 * logsumexp(tensor([1000, 1000]), 0); // => 1000.6931
 */
export function logsumexp(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  expectTensor(x, 'logsumexp', 'x');
  expectFloat(x, 'logsumexp');
  const axes = normalizeAxes(axis, x.ndim, 'logsumexp');
  if (x.size === 0) return log(sum(exp(x), axes, keepDims));
  // The shift is a constant for the gradient (the result does not depend on it); an infinite
  // maximum (all −∞, or +∞ present) is replaced by 0 so that x − m stays defined.
  const m = noGrad(() => {
    const raw = max(x, axes, true);
    return where(lt(abs(raw), Number.POSITIVE_INFINITY), raw, 0);
  });
  const shifted = log(sum(exp(sub(x, m)), axes, true));
  const out = add(shifted, m);
  return keepDims ? out : reshape(out, reducedShape(x.shape, axes, false));
}
