import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { sign } from './sign.js';

checkOp({
  name: 'sign',
  fn: sign,
  elementwise: (a) => Math.sign(a),
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => sign('x' as never), message: /sign: x must be a Tensor/ }],
});

test('sign is −1, 0 or 1 (NaN stays NaN) and has a zero gradient', () => {
  const x = tensor([-3, 0, 2, Number.NaN], { dtype: 'float64' });
  expectClose(sign(x), [-1, 0, 1, Number.NaN]);
  expectClose(grad((v: Tensor) => sign(v).sum())(tensor([-3, 0, 2], { dtype: 'float64' })), [0, 0, 0]);
});
