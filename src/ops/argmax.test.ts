import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import { argmax, argmin } from './argmax.js';

const x = tensor([
  [1, 7, 7],
  [9, 2, 0],
]);

test('argmax/argmin along an axis return int32 indices, first occurrence on ties', () => {
  const a = argmax(x, 1);
  assert.equal(a.dtype, 'int32');
  assert.deepEqual(a.toArray(), [1, 0]);
  assert.deepEqual(argmax(x, 0).toArray(), [1, 0, 0]);
  assert.deepEqual(argmin(x, -1).toArray(), [0, 2]);
  assert.deepEqual(argmin(tensor([3, 1, 1])).toArray(), 1);
});

test('without an axis they index the flattened tensor', () => {
  // Flattened: [1, 7, 7, 9, 2, 0]
  assert.equal(argmax(x).item(), 3);
  assert.equal(argmin(x).item(), 5);
  assert.deepEqual([...argmax(x).shape], []);
  assert.deepEqual([...argmax(x, undefined, true).shape], [1, 1]);
});

test('keepDims keeps the reduced axis as size 1', () => {
  assert.deepEqual(argmax(x, 1, true).toArray(), [[1], [0]]);
  assert.deepEqual(argmin(x, 0, true).toArray(), [[0, 1, 1]]);
});

test('NaN counts as the extreme; a scalar has index 0; size-0 other axes give empty results', () => {
  assert.deepEqual(argmax(tensor([1, Number.NaN, 5])).item(), 1);
  assert.deepEqual(argmin(tensor([1, Number.NaN, -5])).item(), 1);
  assert.equal(argmax(tensor(4)).item(), 0);
  assert.deepEqual([...argmax(zeros([0, 2]), 1).shape], [0]);
});

test('argmax/argmin reject empty reductions and bad axes', () => {
  assert.throws(() => argmax(tensor([])), {
    name: 'ValueError',
    message: /argmax: cannot take argmax of an empty tensor/,
  });
  assert.throws(
    () => argmin(tensor([[], []]), 1),
    (e: unknown) => e instanceof ValueError && /argmin: cannot reduce axis 1 of size 0/.test(e.message),
  );
  assert.throws(() => argmax(x, 2), /argmax: axis 2 is out of range for a tensor of rank 2/);
  assert.throws(() => argmax('x' as never), /argmax: x must be a Tensor/);
});
