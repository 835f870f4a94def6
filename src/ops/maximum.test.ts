import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { maximum, minimum } from './maximum.js';

const binaryCases = [
  [
    [3, 4],
    [3, 4],
  ],
  [[2, 3], [3]],
  [
    [2, 1],
    [1, 3],
  ],
  [[], [4]],
  [[], []],
  [[0, 3], [3]],
];

checkOp({
  name: 'maximum',
  fn: maximum,
  elementwise: Math.max,
  cases: binaryCases,
  errors: [
    {
      what: 'a string',
      call: () => maximum(tensor([1]), 'x' as never),
      message: /maximum: b must be a Tensor/,
    },
    {
      what: 'shapes that do not broadcast',
      call: () => maximum(tensor([1, 2]), tensor([1, 2, 3])),
      message: /maximum: shapes \[2\] and \[3\] cannot be broadcast/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'minimum',
  fn: minimum,
  elementwise: Math.min,
  cases: binaryCases,
  errors: [{ what: 'null', call: () => minimum(null as never, 1), message: /minimum: a must be a Tensor/ }],
});

test('maximum/minimum give the gradient to the winner and split ties half and half', () => {
  const a = tensor([1, 2, 3], { dtype: 'float64' });
  const b = tensor([2, 2, 1], { dtype: 'float64' });
  expectClose(grad((x: Tensor) => maximum(x, b).sum())(a), [0, 0.5, 1]);
  expectClose(grad((y: Tensor) => maximum(a, y).sum())(b), [1, 0.5, 0]);
  expectClose(grad((x: Tensor) => minimum(x, b).sum())(a), [1, 0.5, 0]);
  expectClose(grad((y: Tensor) => minimum(a, y).sum())(b), [0, 0.5, 1]);
});

test('maximum/minimum propagate NaN and accept numbers on either side', () => {
  expectClose(maximum(tensor([Number.NaN, 1]), 0), [Number.NaN, 1]);
  expectClose(minimum(0, tensor([Number.NaN, 1])), [Number.NaN, 0]);
});
