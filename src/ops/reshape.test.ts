import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { arange, zeros } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { transpose } from './permute.js';
import { flatten, reshape, view } from './reshape.js';

checkOp({
  name: 'reshape [-1, 2]',
  fn: (x) => reshape(x, [-1, 2]),
  reference: (x) => ({ shape: [x.data.length / 2, 2], data: x.data }),
  cases: [[[2, 3]], [[4]], [[0, 2]]],
  errors: [
    {
      what: 'a size that does not fit',
      call: () => reshape(zeros([2, 3]), [4, 2]),
      message: /^reshape: cannot reshape 6 elements into shape \[4, 2\] \(8 elements\)$/,
      type: ShapeError,
    },
    {
      what: 'two -1',
      call: () => reshape(zeros([4]), [-1, -1]),
      message: /^reshape: only one dimension can be -1, got \[-1, -1\]$/,
    },
    {
      what: 'a -1 that cannot divide',
      call: () => reshape(zeros([5]), [2, -1]),
      message: /^reshape: cannot reshape 5 elements into shape \[2, -1\]$/,
    },
  ],
});

test('reshape of a contiguous tensor is a view; of a transposed one a copy', () => {
  const x = arange(6);
  assert.equal(reshape(x, [2, 3]).storage, x.storage);
  const t = transpose(reshape(x, [2, 3]));
  const r = reshape(t, [6]);
  assert.notEqual(r.storage, x.storage);
  assert.deepEqual(r.toArray(), [0, 3, 1, 4, 2, 5]);
});

test('view refuses a non-contiguous tensor; flatten merges a range of axes', () => {
  assert.throws(() => view(transpose(zeros([2, 3])), [6]), {
    name: 'ShapeError',
    message: 'view: the tensor of shape [3, 2] is not contiguous; use reshape() or contiguous() first',
  });
  assert.deepEqual(flatten(zeros([2, 3, 4]), 1).shape, [2, 12]);
  assert.deepEqual(flatten(zeros([2, 3, 4])).shape, [24]);
  assert.deepEqual(flatten(zeros([])).shape, [1]);
  assert.throws(() => flatten(zeros([2, 3]), 1, 0), {
    message: 'flatten: axes 1..0 do not fit a tensor of rank 2',
  });
});
