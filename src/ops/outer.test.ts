import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { outer } from './outer.js';

checkOp({
  name: 'outer',
  fn: outer,
  reference: (a: Plain, b: Plain): Plain => ({
    shape: [a.data.length, b.data.length],
    data: a.data.flatMap((x) => b.data.map((y) => x * y)),
  }),
  cases: [
    [[3], [4]],
    [[1], [2]],
    [[0], [3]],
  ],
  errors: [
    {
      what: 'a matrix',
      call: () => outer(zeros([2]), zeros([2, 1])),
      message: /outer: a and b must be 1-D, got shapes \[2\] and \[2, 1\]/,
      type: ShapeError,
    },
  ],
});

test('outer([1, 2], [3, 4, 5]) = [[3, 4, 5], [6, 8, 10]]', () => {
  assert.deepEqual(outer(tensor([1, 2]), tensor([3, 4, 5])).toArray(), [
    [3, 4, 5],
    [6, 8, 10],
  ]);
});
