import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { DTypeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { elu } from './elu.js';

checkOp({
  name: 'elu',
  fn: (x: Tensor) => elu(x),
  elementwise: (a) => (a > 0 ? a : Math.expm1(a)),
  cases: [[[3, 4]], [[]], [[0, 3]]],
  errors: [
    { what: 'a string', call: () => elu('x' as never), message: /elu: x must be a Tensor/ },
    {
      what: 'an int32 tensor',
      call: () => elu(tensor([1], { dtype: 'int32' })),
      message: /elu: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
    {
      what: 'alpha = Infinity',
      call: () => elu(tensor([1]), Infinity),
      message: /elu: alpha must be a finite/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'elu with alpha 0.5',
  fn: (x: Tensor) => elu(x, 0.5),
  elementwise: (a) => (a > 0 ? a : 0.5 * Math.expm1(a)),
  cases: [[[2, 5]]],
});

test('elu: α·(e⁻¹ − 1) for −1; the gradient at 0 is α; large inputs give a finite gradient', () => {
  expectClose(elu(tensor([-1, 2]), 2), [2 * Math.expm1(-1), 2]);
  const x = tensor([0, 1000, -1000], { dtype: 'float64' });
  // d/dx α(eˣ − 1) = αeˣ: α at 0, ~0 at −1000; 1 above 0.
  expectClose(grad((v: Tensor) => elu(v, 2).sum())(x), [2, 1, 0]);
});
