import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { DTypeError, ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { broadcastReference, checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { maskedFill } from './masked-fill.js';
import { sum } from './sum.js';

const rowMask = tensor([true, false, true]); // broadcasts over the rows of a [*, 3] x

checkOp({
  name: 'maskedFill broadcast row mask',
  fn: (x) => maskedFill(x, rowMask, -7),
  reference: (x: Plain): Plain =>
    broadcastReference((v, m) => (m ? -7 : v), x, { shape: [3], data: [1, 0, 1] }),
  cases: [[[2, 3]], [[3]], [[0, 3]]],
  errors: [
    {
      what: 'a float mask',
      call: () => maskedFill(tensor([1, 2]), tensor([1, 0]), 0),
      message: /maskedFill: mask must be a bool tensor, got float32/,
      type: DTypeError,
    },
    {
      what: 'a mask that would enlarge x',
      call: () => maskedFill(tensor([1, 2]), tensor([[true], [false]]), 0),
      message: /maskedFill: mask of shape \[2, 1\] must broadcast to x's shape \[2\]/,
      type: ShapeError,
    },
  ],
});

test('maskedFill keeps the dtype of an int32 x', () => {
  const y = maskedFill(tensor([1, 2, 3], { dtype: 'int32' }), rowMask, 0);
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.toArray(), [0, 2, 0]);
});

test('maskedFill passes no gradient to the filled entries', () => {
  expectClose(grad((x) => sum(maskedFill(x, rowMask, 5)))(tensor([1, 2, 3])), [0, 1, 0]);
});
