import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { rsqrt } from './rsqrt.js';

checkOp({
  name: 'rsqrt',
  fn: rsqrt,
  elementwise: (a) => 1 / Math.sqrt(a),
  // rsqrt is real and finite for x > 0.
  domain: [0.5, 2],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => rsqrt('x' as never), message: /rsqrt: x must be a Tensor/ }],
});

test('rsqrt: 1/√4 = 0.5, 1/√0 = ∞', () => {
  expectClose(rsqrt(tensor([4, 0])), [0.5, Number.POSITIVE_INFINITY]);
});
