import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ShapeError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import { broadcastReference, checkOp } from '../testing/check-op.js';
import { gt } from './compare.js';
import { where } from './where.js';

checkOp({
  name: 'where',
  fn: (a, b) => where(gt(a!, 0), a!, b!),
  elementwise: (a, b) => (a > 0 ? a : b),
  cases: [
    [
      [3, 4],
      [3, 4],
    ],
    [[2, 3], [3]],
    [[0, 3], [3]],
    [[], [2]],
  ],
  errors: [
    {
      what: 'a float condition',
      call: () => where(zeros([2]), 1, 0),
      message: /where: condition must be a bool tensor, got float32/,
      type: DTypeError,
    },
    {
      what: 'shapes that do not broadcast',
      call: () => where(gt(zeros([2]), 0), zeros([3]), 0),
      message: /where: shapes \[2\] and \[3\] cannot be broadcast/,
      type: ShapeError,
    },
  ],
});

test('where sends the gradient to the branch that was picked; a number branch gets none', () => {
  const x = tensor([-1, 2, -3, 4], { requiresGrad: true });
  // relu(x) = where(x > 0, x, 0): d/dx = [0, 1, 0, 1].
  where(gt(x, 0), x, 0).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 1, 0, 1]);
  assert.deepEqual(broadcastReference((a) => a, { shape: [1], data: [5] }).data, [5]);
});

test('x.where(condition, other) is the method form of where(condition, x, other)', () => {
  const x = tensor([1, -2, 3]);
  assert.deepEqual(x.where(gt(x, 0), 0).toArray(), [1, 0, 3]);
  assert.deepEqual(
    zeros([3])
      .indexAdd(0, tensor([2, 2], { dtype: 'int32' }), tensor([1, 5]))
      .toArray(),
    [0, 0, 6],
  );
});
