import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { relu } from './relu.js';

checkOp({
  name: 'relu',
  fn: relu,
  elementwise: (a) => Math.max(a, 0),
  // Random inputs never land on the kink at 0 (tested separately).
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => relu('x' as never), message: /relu: x must be a Tensor/ }],
});

test('relu passes no gradient at 0 (the PyTorch convention)', () => {
  const x = tensor([-1, 0, 2], { dtype: 'float64' });
  expectClose(relu(x), [0, 0, 2]);
  expectClose(grad((v: Tensor) => relu(v).sum())(x), [0, 0, 1]);
});
