import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { squeeze, unsqueeze } from './squeeze.js';

const same = (x: { shape: number[]; data: number[] }) => x;

checkOp({
  name: 'squeeze',
  fn: (x) => squeeze(x),
  reference: (x) => ({ shape: x.shape.filter((s) => s !== 1), data: x.data }),
  cases: [[[2, 1, 3]], [[1, 1]], [[0, 1]], [[]]],
  errors: [
    {
      what: 'an axis that is not of size 1',
      call: () => squeeze(zeros([2, 3]), 0),
      message: /squeeze: axis 0 has size 2, expected 1/,
      type: ShapeError,
    },
    {
      what: 'an out-of-range axis',
      call: () => squeeze(zeros([2, 1]), 2),
      message: /squeeze: axis 2 is out of range for a tensor of rank 2/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'unsqueeze',
  fn: (x) => unsqueeze(x, -1),
  reference: (x) => ({ ...same(x), shape: [...x.shape, 1] }),
  cases: [[[2, 3]], [[]], [[0]]],
  errors: [
    {
      what: 'an axis beyond rank + 1',
      call: () => unsqueeze(zeros([2]), 3),
      message: /unsqueeze: axis 3 is out of range/,
      type: ValueError,
    },
  ],
});

test('squeeze and unsqueeze are views: they share storage with their input', () => {
  const x = zeros([2, 1, 3]);
  const s = squeeze(x, 1);
  assert.deepEqual([...s.shape], [2, 3]);
  assert.equal(s.storage, x.storage);
  assert.deepEqual([...unsqueeze(s, 0).shape], [1, 2, 3]);
  assert.equal(unsqueeze(s, 0).storage, x.storage);
});
