import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { leakyRelu } from './leaky-relu.js';

checkOp({
  name: 'leakyRelu',
  fn: (x: Tensor) => leakyRelu(x),
  elementwise: (a) => (a > 0 ? a : 0.01 * a),
  cases: [[[3, 4]], [[]], [[0, 3]]],
  errors: [
    { what: 'a string', call: () => leakyRelu('x' as never), message: /leakyRelu: x must be a Tensor/ },
    {
      what: 'a NaN slope',
      call: () => leakyRelu(tensor([1]), Number.NaN),
      message: /leakyRelu: slope must be a finite number, got NaN/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'leakyRelu with slope 0.2',
  fn: (x: Tensor) => leakyRelu(x, 0.2),
  elementwise: (a) => (a > 0 ? a : 0.2 * a),
  cases: [[[2, 5]]],
});

test('leakyRelu: values and the gradient at 0 is the slope (PyTorch)', () => {
  const x = tensor([-2, 0, 3], { dtype: 'float64' });
  expectClose(leakyRelu(x, 0.1), [-0.2, 0, 3]);
  expectClose(grad((v: Tensor) => leakyRelu(v, 0.1).sum())(x), [0.1, 0.1, 1]);
});
