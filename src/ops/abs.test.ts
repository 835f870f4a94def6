import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { abs } from './abs.js';

checkOp({
  name: 'abs',
  fn: abs,
  elementwise: Math.abs,
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => abs('x' as never), message: /abs: x must be a Tensor/ }],
});

test('abs passes no gradient at 0 (sign(0) = 0, as PyTorch)', () => {
  const x = tensor([-2, 0, 3], { dtype: 'float64' });
  expectClose(abs(x), [2, 0, 3]);
  expectClose(grad((v: Tensor) => abs(v).sum())(x), [-1, 0, 1]);
});
