import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { binaryBroadcastCases, checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { sub } from './sub.js';

checkOp({
  name: 'sub',
  fn: sub,
  elementwise: (a, b) => a - b,
  cases: binaryBroadcastCases,
  errors: [
    {
      what: 'a string',
      call: () => sub(tensor([1]), 'x' as never),
      message: /sub: b must be a Tensor or a number/,
    },
    {
      what: 'shapes that do not broadcast',
      call: () => sub(tensor([[1, 2]]), tensor([1, 2, 3])),
      message: /sub: shapes \[1, 2\] and \[3\] cannot be broadcast/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'sub with a number on the left',
  fn: (x: Tensor) => sub(1.5, x),
  elementwise: (b) => 1.5 - b,
  cases: [[[2, 3]], [[]], [[0]]],
});

checkOp({
  name: 'sub with a number on the right',
  fn: (x: Tensor) => sub(x, 1.5),
  elementwise: (a) => a - 1.5,
  cases: [[[2, 3]], [[]], [[0]]],
});

test('sub promotes dtypes as PyTorch: int32 − float32 → float32, float32 − float64 → float64', () => {
  const i = tensor([2, 3], { dtype: 'int32' });
  const f = tensor([0.5, 0.25]);
  const d = tensor([0.5, 0.25], { dtype: 'float64' });
  assert.equal(sub(i, f).dtype, 'float32');
  assert.equal(sub(f, i).dtype, 'float32');
  assert.equal(sub(f, d).dtype, 'float64');
  assert.equal(sub(i, 2).dtype, 'int32');
  // A fractional number turns an int32 tensor into float32; it never widens float32 to float64.
  assert.equal(sub(i, 0.5).dtype, 'float32');
  assert.equal(sub(f, 0.5).dtype, 'float32');
  expectClose(sub(i, f), [2 - 0.5, 3 - 0.25]);
});

test('sub sums the gradient of a broadcast operand over the broadcast axes', () => {
  const a = tensor(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    { dtype: 'float64' },
  );
  const b = tensor([10, 20, 30], { dtype: 'float64' });
  const db = grad((y: Tensor) => sub(a, y).sum())(b);
  assert.deepEqual([...db.shape], [3]);
  expectClose(db, [-2, -2, -2]);
});
