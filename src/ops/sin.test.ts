import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { sin } from './sin.js';

checkOp({
  name: 'sin',
  fn: sin,
  elementwise: Math.sin,
  domain: [-4, 4],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => sin('x' as never), message: /sin: x must be a Tensor/ }],
});

test('sin(π/2) = 1, sin(0) = 0', () => {
  expectClose(sin(tensor([Math.PI / 2, 0], { dtype: 'float64' })), [1, 0], { rtol: 1e-15 });
});
