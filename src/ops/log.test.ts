import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { log } from './log.js';

checkOp({
  name: 'log',
  fn: log,
  elementwise: Math.log,
  // log is defined for x > 0.
  domain: [0.5, 2],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => log('x' as never), message: /log: x must be a Tensor/ }],
});

test('log: log 1 = 0, log e = 1, log 0 = −∞, log of a negative is NaN', () => {
  expectClose(log(tensor([1, Math.E, 0, -1])), [0, 1, Number.NEGATIVE_INFINITY, Number.NaN]);
});

test('log of an int32 tensor computes in float32', () => {
  assert.equal(log(tensor([1], { dtype: 'int32' })).dtype, 'float32');
});
