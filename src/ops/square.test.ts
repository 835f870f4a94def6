import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { square } from './square.js';

checkOp({
  name: 'square',
  fn: square,
  elementwise: (a) => a * a,
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => square('x' as never), message: /square: x must be a Tensor/ }],
});

test('square keeps the dtype of an int32 tensor', () => {
  const y = square(tensor([-3, 4], { dtype: 'int32' }));
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.toArray(), [9, 16]);
});
