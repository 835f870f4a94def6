import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { div } from './div.js';

checkOp({
  name: 'div',
  fn: div,
  elementwise: (a, b) => a / b,
  // Divisors stay away from 0, where a / b has a pole.
  domain: [0.5, 2],
  cases: [
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
  ],
  errors: [
    {
      what: 'a string',
      call: () => div('x' as never, tensor([1])),
      message: /div: a must be a Tensor or a number/,
    },
    {
      what: 'shapes that do not broadcast',
      call: () => div(tensor([1, 2]), tensor([1, 2, 3])),
      message: /div: shapes \[2\] and \[3\] cannot be broadcast/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'div with a number on the left',
  fn: (x: Tensor) => div(3, x),
  elementwise: (b) => 3 / b,
  domain: [0.5, 2],
  cases: [[[2, 3]], [[]], [[0]]],
});

checkOp({
  name: 'div with a number on the right',
  fn: (x: Tensor) => div(x, 4),
  elementwise: (a) => a / 4,
  cases: [[[2, 3]], [[]], [[0]]],
});

test('div of two int32 tensors is true division in float32', () => {
  const y = div(tensor([1, 7, -7], { dtype: 'int32' }), tensor([2, 2, 2], { dtype: 'int32' }));
  assert.equal(y.dtype, 'float32');
  expectClose(y, [0.5, 3.5, -3.5]);
  assert.equal(div(tensor([3], { dtype: 'int32' }), 2).dtype, 'float32');
});

test('div promotes int32 / float32 → float32 and float32 / float64 → float64', () => {
  assert.equal(div(tensor([1], { dtype: 'int32' }), tensor([2])).dtype, 'float32');
  assert.equal(div(tensor([1]), tensor([2], { dtype: 'float64' })).dtype, 'float64');
});

test('div by zero follows IEEE: ±∞ and NaN for 0/0', () => {
  expectClose(div(tensor([1, -1, 0]), 0), [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]);
});

test('div gradients: d/da = 1/b, d/db = −a/b²', () => {
  const a = tensor([1, 6], { dtype: 'float64' });
  const b = tensor([2, 3], { dtype: 'float64' });
  expectClose(grad((x: Tensor) => div(x, b).sum())(a), [0.5, 1 / 3]);
  // −1/4, −6/9
  expectClose(grad((y: Tensor) => div(a, y).sum())(b), [-0.25, -2 / 3]);
});
