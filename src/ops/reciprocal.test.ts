import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { reciprocal } from './reciprocal.js';

checkOp({
  name: 'reciprocal',
  fn: reciprocal,
  elementwise: (a) => 1 / a,
  // 1/x has a pole at 0; sample away from it.
  domain: [0.5, 2],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [
    { what: 'a string', call: () => reciprocal('x' as never), message: /reciprocal: x must be a Tensor/ },
  ],
});

test('reciprocal: 1/4 = 0.25, 1/0 = ∞, 1/−0 = −∞', () => {
  expectClose(reciprocal(tensor([4, 0, -0])), [0.25, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
});
