import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { silu, swish } from './silu.js';

checkOp({
  name: 'silu',
  fn: silu,
  elementwise: (a) => a / (1 + Math.exp(-a)),
  cases: [[[3, 4]], [[]], [[0, 3]]],
  errors: [{ what: 'a string', call: () => silu('x' as never), message: /silu: x must be a Tensor/ }],
});

test('silu(1) = σ(1) = 0.7310585786300049; swish is the same function', () => {
  expectClose(silu(tensor([1, 0], { dtype: 'float64' })), [0.7310585786300049, 0], { rtol: 1e-15 });
  assert.equal(swish, silu);
});
