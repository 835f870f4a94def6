import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { tanh } from './tanh.js';

checkOp({
  name: 'tanh',
  fn: tanh,
  elementwise: Math.tanh,
  domain: [-3, 3],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => tanh('x' as never), message: /tanh: x must be a Tensor/ }],
});

test('tanh saturates at ±1 without NaN', () => {
  expectClose(tanh(tensor([1000, -1000, Number.POSITIVE_INFINITY])), [1, -1, 1]);
});
