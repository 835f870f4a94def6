import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { neg } from './neg.js';

checkOp({
  name: 'neg',
  fn: neg,
  elementwise: (a) => -a,
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => neg('x' as never), message: /neg: x must be a Tensor/ }],
});

test('neg keeps the dtype of an int32 tensor', () => {
  const y = neg(tensor([1, -2], { dtype: 'int32' }));
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.toArray(), [-1, 2]);
});
