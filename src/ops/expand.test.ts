import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import { broadcastReference, checkOp } from '../testing/check-op.js';
import { expand } from './expand.js';

checkOp({
  name: 'expand',
  fn: (x) => expand(x, [2, 3, 4]).contiguous(),
  // Broadcasting x against a zero tensor of the target shape is exactly expand.
  reference: (x) => broadcastReference((v) => v, x, { shape: [2, 3, 4], data: new Array(24).fill(0) }),
  cases: [[[3, 1]], [[1, 4]], [[]], [[2, 3, 4]]],
  errors: [
    {
      what: 'a size that is not 1 and differs',
      call: () => expand(zeros([2, 3]), [2, 4]),
      message: /expand: shape \[2, 3\] cannot be expanded to \[2, 4\] \(axis 1: 3 vs 4\)/,
      type: ShapeError,
    },
    {
      what: 'fewer axes',
      call: () => expand(zeros([2, 3]), [3]),
      message: /expand: cannot expand shape \[2, 3\] to fewer axes/,
      type: ShapeError,
    },
  ],
});

test('expand reads broadcast axes with stride 0 (no copy), and −1 keeps a size', () => {
  const x = tensor([[1], [2]]);
  const e = expand(x, [-1, 3]);
  assert.equal(e.storage, x.storage);
  assert.deepEqual([...e.strides], [1, 0]);
  assert.deepEqual(e.toArray(), [
    [1, 1, 1],
    [2, 2, 2],
  ]);
});

test('the gradient of expand sums over the broadcast axes', () => {
  const x = tensor([[1], [2]], { requiresGrad: true });
  expand(x, [2, 3])
    .mul(tensor([1, 2, 3]))
    .sum()
    .backward();
  // d/dx Σⱼ x·wⱼ = Σⱼ wⱼ = 6 for each row.
  assert.deepEqual(x.grad!.toArray(), [[6], [6]]);
});
