import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { clamp } from './clamp.js';

checkOp({
  name: 'clamp',
  fn: (x: Tensor) => clamp(x, -0.5, 1),
  elementwise: (a) => Math.min(Math.max(a, -0.5), 1),
  cases: [[[3, 4]], [[]], [[0, 3]]],
  errors: [
    { what: 'a string', call: () => clamp('x' as never, 0), message: /clamp: x must be a Tensor/ },
    {
      what: 'no bounds',
      call: () => clamp(tensor([1])),
      message: /clamp: at least one of min and max must be given/,
      type: ValueError,
    },
    {
      what: 'min above max',
      call: () => clamp(tensor([1]), 2, 1),
      message: /clamp: min \(2\) must not exceed max \(1\)/,
      type: ValueError,
    },
    {
      what: 'a NaN bound',
      call: () => clamp(tensor([1]), Number.NaN),
      message: /clamp: min must be a number/,
    },
  ],
});

checkOp({
  name: 'clamp with only min',
  fn: (x: Tensor) => clamp(x, 0),
  elementwise: (a) => Math.max(a, 0),
  cases: [[[2, 5]]],
});

checkOp({
  name: 'clamp with only max',
  fn: (x: Tensor) => clamp(x, undefined, 0.5),
  elementwise: (a) => Math.min(a, 0.5),
  cases: [[[2, 5]]],
});

test('clamp passes the gradient where min ≤ x ≤ max, edges included (PyTorch)', () => {
  const x = tensor([-2, -1, 0, 1, 2], { dtype: 'float64' });
  expectClose(clamp(x, -1, 1), [-1, -1, 0, 1, 1]);
  expectClose(grad((v: Tensor) => clamp(v, -1, 1).sum())(x), [0, 1, 1, 1, 0]);
});

test('clamp keeps NaN and the dtype of an int32 tensor', () => {
  expectClose(clamp(tensor([Number.NaN, 3]), 0, 1), [Number.NaN, 1]);
  const y = clamp(tensor([-5, 5], { dtype: 'int32' }), -2, 2);
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.toArray(), [-2, 2]);
});
