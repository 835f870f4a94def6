import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { arange, zeros } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import './methods.js';
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
    message:
      'view: the tensor of shape [3, 2] is not contiguous in a way that allows this shape; use reshape() or contiguous() first',
  });
  assert.deepEqual(flatten(zeros([2, 3, 4]), 1).shape, [2, 12]);
  assert.deepEqual(flatten(zeros([2, 3, 4])).shape, [24]);
  assert.deepEqual(flatten(zeros([])).shape, [1]);
  assert.throws(() => flatten(zeros([2, 3]), 1, 0), {
    message: 'flatten: axes 1..0 do not fit a tensor of rank 2',
  });
});

test('reshape is a view whenever strides can express the shape, as in PyTorch', () => {
  const x = arange(24).reshape([2, 3, 4]);
  // A column of a matrix: select on an inner axis leaves strides [12, 1] → view, no copy.
  const column = x.select(1, 2);
  assert.equal(column.storage, x.storage);
  assert.deepEqual(column.toArray(), [
    [8, 9, 10, 11],
    [20, 21, 22, 23],
  ]);
  // Splitting and merging axes of a transposed tensor within its contiguous runs.
  const t = transpose(x, 0, 2); // [4, 3, 2], strides [1, 4, 12]
  const split = reshape(t, [2, 2, 3, 2]);
  assert.equal(split.storage, x.storage);
  assert.deepEqual([...split.strides], [2, 1, 4, 12]);
  assert.deepEqual(split.toArray(), reshape(t.contiguous(), [2, 2, 3, 2]).toArray());
  // Merging axes 0 and 1 of the transposed tensor is impossible without a copy.
  const merged = reshape(t, [12, 2]);
  assert.notEqual(merged.storage, x.storage);
  assert.deepEqual(merged.toArray(), reshape(t.contiguous(), [12, 2]).toArray());
});
