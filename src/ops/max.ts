import { ValueError } from '../errors.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { eq } from './compare.js';
import { expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { reduceAxes, reducedShape } from './core/reduce-axes.js';
import { div } from './div.js';
import { expand } from './expand.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';

function extreme(op: 'max' | 'min') {
  const fn: (x: Tensor, axis?: number | readonly number[], keepDims?: boolean) => Tensor = defineOp({
    name: op,
    forward: (x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor => {
      expectTensor(x, op, 'x');
      const axes = normalizeAxes(axis, x.ndim, op);
      for (const a of axes)
        if (x.shape[a] === 0) throw new ValueError(`${op}: cannot reduce axis ${a} of size 0 (no identity)`);
      const out = reduceAxes(op, x, axes);
      return keepDims ? reshape(out, reducedShape(x.shape, axes, true)) : out;
    },
    // Ties share the gradient evenly (PyTorch's amax/amin convention).
    backward: (dy, { args: [x, axis], output }) => {
      const axes = normalizeAxes(axis, x.ndim, op);
      const kept = reducedShape(x.shape, axes, true);
      const mask = cast(eq(x, expand(reshape(output, kept), x.shape)), dy.dtype);
      const count = sum(mask, axes, true);
      return [mul(mask, expand(div(reshape(dy, kept), count), x.shape))];
    },
  });
  return fn;
}

/**
 * The largest value over `axis` (all axes when omitted). NaN wins, as in PyTorch.
 * @example
 * max(tensor([[1, 5], [3, 2]]), 1); // => [5, 3]
 */
export const max = extreme('max');

/**
 * The smallest value over `axis` (all axes when omitted).
 * @example
 * min(tensor([[1, 5], [3, 2]]), 1); // => [1, 2]
 */
export const min = extreme('min');
