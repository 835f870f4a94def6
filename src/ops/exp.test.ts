import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { exp } from './exp.js';

checkOp({
  name: 'exp',
  fn: exp,
  elementwise: Math.exp,
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => exp('x' as never), message: /exp: x must be a Tensor/ }],
});

test('exp of ±inf and NaN follows IEEE (e^-inf = 0, NaN in → NaN out)', () => {
  expectClose(exp(tensor([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN])), [
    0,
    Number.POSITIVE_INFINITY,
    Number.NaN,
  ]);
});

test('exp of an int32 tensor computes in float32, as torch.exp does', () => {
  const y = exp(tensor([0, 1], { dtype: 'int32' }));
  assert.equal(y.dtype, 'float32');
  expectClose(y, [1, Math.E]);
});
