import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { sigmoid } from './sigmoid.js';

checkOp({
  name: 'sigmoid',
  fn: sigmoid,
  elementwise: (a) => 1 / (1 + Math.exp(-a)),
  domain: [-6, 6],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => sigmoid('x' as never), message: /sigmoid: x must be a Tensor/ }],
});

test('sigmoid(0) = ½, sigmoid(2) = 0.8807970779778823', () => {
  expectClose(sigmoid(tensor([0, 2], { dtype: 'float64' })), [0.5, 0.8807970779778823], { rtol: 1e-15 });
});
