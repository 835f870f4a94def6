import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { binaryBroadcastCases, checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { mul } from './mul.js';

checkOp({
  name: 'mul',
  fn: mul,
  elementwise: (a, b) => a * b,
  cases: binaryBroadcastCases,
  errors: [
    {
      what: 'a string',
      call: () => mul(tensor([1]), 'x' as never),
      message: /mul: b must be a Tensor or a number/,
    },
    {
      what: 'shapes that do not broadcast',
      call: () => mul(tensor([[1, 2]]), tensor([1, 2, 3])),
      message: /mul: shapes \[1, 2\] and \[3\] cannot be broadcast/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'mul with a number on the left',
  fn: (x: Tensor) => mul(1.5, x),
  elementwise: (b) => 1.5 * b,
  cases: [[[2, 3]], [[]], [[0]]],
});

checkOp({
  name: 'mul with a number on the right',
  fn: (x: Tensor) => mul(x, 1.5),
  elementwise: (a) => a * 1.5,
  cases: [[[2, 3]], [[]], [[0]]],
});

test('mul promotes dtypes as PyTorch: int32 · float32 → float32, float32 · float64 → float64', () => {
  const i = tensor([2, 3], { dtype: 'int32' });
  const f = tensor([0.5, 0.25]);
  const d = tensor([0.5, 0.25], { dtype: 'float64' });
  assert.equal(mul(i, f).dtype, 'float32');
  assert.equal(mul(f, i).dtype, 'float32');
  assert.equal(mul(f, d).dtype, 'float64');
  assert.equal(mul(i, 2).dtype, 'int32');
  // A fractional number turns an int32 tensor into float32; it never widens float32 to float64.
  assert.equal(mul(i, 0.5).dtype, 'float32');
  assert.equal(mul(f, 0.5).dtype, 'float32');
  expectClose(mul(i, f), [2 * 0.5, 3 * 0.25]);
});

test('mul sums the gradient of a broadcast operand over the broadcast axes', () => {
  const a = tensor(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    { dtype: 'float64' },
  );
  const b = tensor([10, 20, 30], { dtype: 'float64' });
  const db = grad((y: Tensor) => mul(a, y).sum())(b);
  assert.deepEqual([...db.shape], [3]);
  // d/dy Σ a·y sums a over its rows.
  expectClose(db, [5, 7, 9]);
});
