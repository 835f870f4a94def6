import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { log1p } from './log1p.js';

checkOp({
  name: 'log1p',
  fn: log1p,
  elementwise: Math.log1p,
  // log1p is defined for x > −1.
  domain: [-0.5, 2],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => log1p('x' as never), message: /log1p: x must be a Tensor/ }],
});

test('log1p keeps tiny inputs: log1p(1e-10) = 1e-10 − 5e-21', () => {
  expectClose(log1p(tensor([1e-10, -1], { dtype: 'float64' })), [1e-10 - 5e-21, Number.NEGATIVE_INFINITY], {
    rtol: 1e-15,
  });
});
