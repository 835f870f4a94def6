import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueAndGrad } from '../autograd/functional.js';
import { DTypeError, ValueError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { indexAdd, indexSelect } from './index-select.js';
import { mul } from './mul.js';
import { sum } from './sum.js';

const rows = tensor([2, 0, 2], { dtype: 'int32' });

checkOp({
  name: 'indexSelect axis 0, repeated index',
  fn: (x) => indexSelect(x, 0, rows),
  reference: (x: Plain): Plain => {
    const cols = x.shape[1]!;
    const row = (r: number) => x.data.slice(r * cols, (r + 1) * cols);
    return { shape: [3, cols], data: [...row(2), ...row(0), ...row(2)] };
  },
  cases: [[[3, 2]], [[4, 0]]],
  errors: [
    {
      what: 'a float index',
      call: () => indexSelect(zeros([3]), 0, tensor([0])),
      message: /indexSelect: index must be an int32 tensor, got float32/,
      type: DTypeError,
    },
    {
      what: 'an index out of range',
      call: () => indexSelect(zeros([3]), 0, tensor([3], { dtype: 'int32' })),
      message: /indexSelect: index 3 is out of range for an axis of size 3/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'indexAdd axis 1',
  fn: (x, src) => indexAdd(x, 1, tensor([1, 1], { dtype: 'int32' }), src),
  reference: (x: Plain, src: Plain): Plain => {
    // Both source columns land in column 1 of each row.
    const data = [...x.data];
    for (let r = 0; r < 2; r++) data[r * 3 + 1]! += src.data[r * 2]! + src.data[r * 2 + 1]!;
    return { shape: [2, 3], data };
  },
  cases: [
    [
      [2, 3],
      [2, 2],
    ],
  ],
});

test('indexSelect of a repeated index repeats the row, and its gradient accumulates', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(indexSelect(x, 0, rows).toArray(), [
    [5, 6],
    [1, 2],
    [5, 6],
  ]);
  const [, [g]] = valueAndGrad((x: Tensor) => sum(indexSelect(x, 0, rows)))(x);
  expectClose(g!, [1, 1, 0, 0, 2, 2]); // row 2 picked twice
});

test('indexAdd adds repeated indices up and sends gradient to both out and src', () => {
  const out = indexAdd(zeros([3]), 0, tensor([0, 0, 2], { dtype: 'int32' }), tensor([1, 2, 3]));
  assert.deepEqual(out.toArray(), [3, 0, 3]);
  // f = Σ w ⊙ indexAdd(o, 0, [0, 0, 2], s), w = [1, 10, 100]: df/do = w, df/ds = w[[0, 0, 2]].
  const w = tensor([1, 10, 100]);
  const f = (o: Tensor, s: Tensor) => sum(mul(indexAdd(o, 0, tensor([0, 0, 2], { dtype: 'int32' }), s), w));
  const [, [go, gs]] = valueAndGrad(f)(zeros([3]), tensor([1, 2, 3]));
  expectClose(go!, [1, 10, 100]);
  expectClose(gs!, [1, 1, 100]);
});
