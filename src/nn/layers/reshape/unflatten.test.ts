import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arange, zeros } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { Flatten } from './flatten.js';
import { Unflatten } from './unflatten.js';

test('Unflatten splits one axis and undoes Flatten', () => {
  const x = arange(0, 12).reshape([2, 2, 3]);
  const back = new Unflatten(1, [2, 3]).forward(new Flatten().forward(x));
  assert.deepEqual(back.shape, [2, 2, 3]);
  expectClose(back, x);
  assert.deepEqual(new Unflatten(-1, [2, 2]).forward(zeros([3, 4])).shape, [3, 2, 2]);
});

test('Unflatten rejects sizes that do not match the axis', () => {
  assert.throws(() => new Unflatten(1, [2, 2]).forward(zeros([3, 5])), {
    name: 'ShapeError',
    message: 'Unflatten: axis 1 of x [3, 5] must have 4 elements (sizes [2, 2])',
  });
  assert.throws(() => new Unflatten(1, [0]), {
    message: 'Unflatten: sizes must be positive integers, got [0]',
  });
});
