import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { cos } from './cos.js';

checkOp({
  name: 'cos',
  fn: cos,
  elementwise: Math.cos,
  domain: [-4, 4],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => cos('x' as never), message: /cos: x must be a Tensor/ }],
});

test('cos(π) = −1, cos(0) = 1', () => {
  expectClose(cos(tensor([Math.PI, 0], { dtype: 'float64' })), [-1, 1], { rtol: 1e-15 });
});
