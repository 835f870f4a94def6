import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { binaryBroadcastCases, checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { add } from './add.js';

checkOp({
  name: 'add',
  fn: add,
  elementwise: (a, b) => a + b,
  cases: binaryBroadcastCases,
  errors: [
    {
      what: 'a string',
      call: () => add(tensor([1]), 'x' as never),
      message: /add: b must be a Tensor or a number/,
    },
    {
      what: 'shapes that do not broadcast',
      call: () => add(tensor([[1, 2]]), tensor([1, 2, 3])),
      message: /add: shapes \[1, 2\] and \[3\] cannot be broadcast/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'add with a number on the left',
  fn: (x: Tensor) => add(1.5, x),
  elementwise: (b) => 1.5 + b,
  cases: [[[2, 3]], [[]], [[0]]],
});

checkOp({
  name: 'add with a number on the right',
  fn: (x: Tensor) => add(x, 1.5),
  elementwise: (a) => a + 1.5,
  cases: [[[2, 3]], [[]], [[0]]],
});

test('add promotes dtypes as PyTorch: int32 + float32 → float32, float32 + float64 → float64', () => {
  const i = tensor([2, 3], { dtype: 'int32' });
  const f = tensor([0.5, 0.25]);
  const d = tensor([0.5, 0.25], { dtype: 'float64' });
  assert.equal(add(i, f).dtype, 'float32');
  assert.equal(add(f, i).dtype, 'float32');
  assert.equal(add(f, d).dtype, 'float64');
  assert.equal(add(i, 2).dtype, 'int32');
  // A fractional number turns an int32 tensor into float32; it never widens float32 to float64.
  assert.equal(add(i, 0.5).dtype, 'float32');
  assert.equal(add(f, 0.5).dtype, 'float32');
  expectClose(add(i, f), [2 + 0.5, 3 + 0.25]);
});

test('add sums the gradient of a broadcast operand over the broadcast axes', () => {
  const a = tensor(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    { dtype: 'float64' },
  );
  const b = tensor([10, 20, 30], { dtype: 'float64' });
  const db = grad((y: Tensor) => add(a, y).sum())(b);
  assert.deepEqual([...db.shape], [3]);
  expectClose(db, [2, 2, 2]);
});
