import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { pow } from './pow.js';

checkOp({
  name: 'pow',
  fn: pow,
  elementwise: (a, b) => a ** b,
  // A positive base keeps aᵇ real and ln a defined for every sampled exponent.
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
      what: 'a string base',
      call: () => pow('x' as never, 2),
      message: /pow: a must be a Tensor or a number/,
    },
    {
      what: 'shapes that do not broadcast',
      call: () => pow(tensor([1, 2]), tensor([1, 2, 3])),
      message: /pow: shapes \[2\] and \[3\] cannot be broadcast/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'pow with a number exponent',
  fn: (x: Tensor) => pow(x, 3),
  elementwise: (a) => a ** 3,
  cases: [[[3, 4]], [[]], [[0, 2]]],
});

checkOp({
  name: 'pow with a number base',
  fn: (x: Tensor) => pow(2, x),
  elementwise: (b) => 2 ** b,
  cases: [[[3, 4]], [[]], [[0, 2]]],
});

test('pow gradients: d/da = b·a^(b−1), d/db = aᵇ·ln a', () => {
  const a = tensor([2, 3], { dtype: 'float64' });
  const b = tensor([3, 0.5], { dtype: 'float64' });
  // 3·2² = 12, 0.5·3^(−0.5) = 0.28867513459481287
  expectClose(grad((x: Tensor) => pow(x, b).sum())(a), [12, 0.28867513459481287], { rtol: 1e-12 });
  // 2³·ln 2 = 5.545177444479562, √3·ln 3 = 1.9028523017926915
  expectClose(grad((y: Tensor) => pow(a, y).sum())(b), [5.545177444479562, 1.9028523017926915], {
    rtol: 1e-12,
  });
});

test('pow gradients at a = 0 are finite (0 for the exponent, as PyTorch)', () => {
  const a = tensor([0, 0], { dtype: 'float64' });
  const b = tensor([2, 0], { dtype: 'float64' });
  // d/da 0² = 0; d/da 0⁰ = 0 (the b = 0 convention); d/db is 0 at a = 0 with b ≥ 0.
  expectClose(grad((x: Tensor) => pow(x, b).sum())(a), [0, 0]);
  expectClose(grad((y: Tensor) => pow(a, y).sum())(b), [0, 0]);
});

test('pow of a negative base to a fractional power is NaN; x⁰ = 1', () => {
  expectClose(pow(tensor([-8, 5]), tensor([1 / 3, 0])), [Number.NaN, 1]);
});

test('pow of int32 by an integer stays int32', () => {
  const y = pow(tensor([2, 3], { dtype: 'int32' }), 2);
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.toArray(), [4, 9]);
});
