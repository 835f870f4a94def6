import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { dot } from './dot.js';

checkOp({
  name: 'dot',
  fn: dot,
  reference: (a: Plain, b: Plain): Plain => ({
    shape: [],
    data: [a.data.reduce((s, v, i) => s + v * b.data[i]!, 0)],
  }),
  cases: [
    [[4], [4]],
    [[1], [1]],
    [[0], [0]],
  ],
  errors: [
    {
      what: 'a matrix',
      call: () => dot(zeros([2, 2]), zeros([2])),
      message: /dot: a and b must be 1-D, got shapes \[2, 2\] and \[2\]/,
      type: ShapeError,
    },
    {
      what: 'lengths that differ',
      call: () => dot(zeros([2]), zeros([3])),
      message: /dot: a has 2 elements but b has 3/,
    },
  ],
});

test('dot of [1, 2, 3] and [4, 5, 6] is 4 + 10 + 18 = 32, a scalar', () => {
  const y = dot(tensor([1, 2, 3]), tensor([4, 5, 6]));
  assert.deepEqual(y.shape, []);
  assert.equal(y.item(), 32);
});

test('the gradient of dot(a, b) with respect to a is b', () => {
  expectClose(grad((a) => dot(a, tensor([4, 5, 6])))(tensor([1, 2, 3])), [4, 5, 6]);
});
