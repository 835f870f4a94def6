import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { expm1 } from './expm1.js';

checkOp({
  name: 'expm1',
  fn: expm1,
  elementwise: Math.expm1,
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => expm1('x' as never), message: /expm1: x must be a Tensor/ }],
});

test('expm1 keeps tiny inputs: expm1(1e-10) = 1e-10 + 5e-21', () => {
  expectClose(expm1(tensor([1e-10, 0], { dtype: 'float64' })), [1e-10 + 5e-21, 0], { rtol: 1e-15 });
});
