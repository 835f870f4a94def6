import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { oneHot } from './one-hot.js';

const int = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });

test('oneHot puts a 1 at each index, in float32', () => {
  const y = oneHot(int([2, 0, 1]), 3);
  assert.equal(y.dtype, 'float32');
  assert.deepEqual(y.toArray(), [
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
  ]);
});

test('oneHot appends the class axis to any index shape, including empty ones', () => {
  assert.deepEqual(oneHot(int([[1], [0]]), 2).shape, [2, 1, 2]);
  assert.deepEqual(oneHot(tensor(new Int32Array(0)), 4).shape, [0, 4]);
  assert.deepEqual(oneHot(tensor(1, { dtype: 'int32' }), 2).toArray(), [0, 1]);
});

test('oneHot rejects an out-of-range index, naming it', () => {
  assert.throws(() => oneHot(int([0, 3]), 3), {
    name: 'ValueError',
    message: 'oneHot: index 3 (at element 1) is out of range for 3 classes',
  });
  assert.throws(() => oneHot(int([-1]), 3), ValueError);
});

test('oneHot rejects float indices and a bad class count', () => {
  assert.throws(() => oneHot(tensor([0]), 2), {
    message: 'oneHot: indices must be an int32 tensor, got float32',
  });
  assert.throws(() => oneHot(tensor([0]), 2), DTypeError);
  assert.throws(() => oneHot(int([0]), 0), {
    message: 'oneHot: numClasses must be a positive integer, got 0',
  });
});
