import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueAndGrad } from '../autograd/functional.js';
import { ShapeError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { mul } from './mul.js';
import { scatterAdd } from './scatter-add.js';
import { sum } from './sum.js';

// Along axis 0 of a [3, 2] x: out[index[i][j]][j] += src[i][j], index row 0 and 1 both hit row 2.
const index = tensor(
  [
    [2, 0],
    [2, 1],
  ],
  { dtype: 'int32' },
);

checkOp({
  name: 'scatterAdd axis 0',
  fn: (x, src) => scatterAdd(x, 0, index, src),
  reference: (x: Plain, src: Plain): Plain => {
    const data = [...x.data];
    // (i, j) → row index[i][j], column j
    data[2 * 2 + 0]! += src.data[0]!;
    data[0 * 2 + 1]! += src.data[1]!;
    data[2 * 2 + 0]! += src.data[2]!;
    data[1 * 2 + 1]! += src.data[3]!;
    return { shape: [3, 2], data };
  },
  cases: [
    [
      [3, 2],
      [2, 2],
    ],
  ],
  errors: [
    {
      what: 'src of another shape than index',
      call: () => scatterAdd(zeros([3, 2]), 0, index, zeros([2, 1])),
      message: /scatterAdd: src must have index's shape \[2, 2\], got \[2, 1\]/,
      type: ShapeError,
    },
    {
      what: 'an index out of range',
      call: () => scatterAdd(zeros([2]), 0, tensor([5], { dtype: 'int32' }), zeros([1])),
      message: /scatterAdd: index 5 is out of range for axis 0 of size 2/,
    },
  ],
});

test('scatterAdd accumulates repeated indices and leaves x unchanged', () => {
  const x = zeros([3]);
  const out = scatterAdd(x, 0, tensor([0, 2, 0], { dtype: 'int32' }), tensor([1, 2, 3]));
  assert.deepEqual(out.toArray(), [4, 0, 2]); // 1 + 3 at 0, 2 at 2
  assert.deepEqual(x.toArray(), [0, 0, 0]);
});

test('scatterAdd sends dy to x unchanged and gathers it for src', () => {
  // f = Σ w ⊙ scatterAdd(x, 0, [1, 1], src) with w = [1, 10] → df/dx = w, df/dsrc = [w[1], w[1]].
  const w = tensor([1, 10]);
  const f = (x: Tensor, s: Tensor) => sum(mul(scatterAdd(x, 0, tensor([1, 1], { dtype: 'int32' }), s), w));
  const [, [gx, gs]] = valueAndGrad(f)(tensor([0, 0]), tensor([5, 6]));
  expectClose(gx!, [1, 10]);
  expectClose(gs!, [10, 10]);
});
