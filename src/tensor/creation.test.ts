import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import '../ops/methods.js';
import { expectClose } from '../testing/expect-close.js';
import { arange, eye, full, linspace, ones, onesLike, tensor, zeros, zerosLike } from './creation.js';

test('tensor() from nested arrays, typed arrays and booleans', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(x.shape, [2, 3]);
  assert.equal(x.dtype, 'float32');
  assert.deepEqual(x.toArray(), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const t = tensor(new Int32Array([1, 2, 3, 4]), { shape: [2, 2] });
  assert.equal(t.dtype, 'int32');
  assert.deepEqual(t.toArray(), [
    [1, 2],
    [3, 4],
  ]);
  const b = tensor([true, false]);
  assert.equal(b.dtype, 'bool');
  assert.deepEqual(b.toArray(), [true, false]);
  assert.deepEqual(tensor(5).shape, []);
});

test('tensor() rejects a ragged array, naming the row', () => {
  assert.throws(() => tensor([[1, 2], [3]]), {
    name: 'ShapeError',
    message: 'tensor: ragged nested array: [1] has length 1, expected length 2',
  });
  assert.throws(() => tensor(new Float32Array(3), { shape: [2, 2] }), ShapeError);
});

test('binary ops promote dtypes as PyTorch does', () => {
  const i = tensor([1, 2], { dtype: 'int32' });
  assert.equal(i.add(1).dtype, 'int32'); // an integer scalar keeps int32
  assert.equal(i.add(0.5).dtype, 'float32'); // a fractional scalar makes it float
  assert.equal(i.add(tensor([1, 1])).dtype, 'float32');
  assert.equal(tensor([1], { dtype: 'float64' }).add(tensor([1])).dtype, 'float64');
  assert.equal(tensor([true]).add(tensor([1], { dtype: 'int32' })).dtype, 'int32');
});

test('arange counts with a step and rejects non-finite or zero steps', () => {
  assert.deepEqual(arange(5).toArray(), [0, 1, 2, 3, 4]);
  assert.equal(arange(5).dtype, 'int32');
  assert.deepEqual(arange(0, 1, 0.25).toArray(), [0, 0.25, 0.5, 0.75]);
  assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
  assert.throws(() => arange(0, 1, 0), {
    name: 'ValueError',
    message: 'arange: step must be non-zero, got 0',
  });
  assert.throws(() => arange(0, 1, Number.NaN), { message: 'arange: step must be finite, got NaN' });
  assert.throws(() => arange(0, Number.POSITIVE_INFINITY), ValueError);
});

test('linspace, eye, full, zerosLike and onesLike', () => {
  assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(linspace(2, 3, 1).toArray(), [2]);
  assert.deepEqual(eye(2, 3).toArray(), [
    [1, 0, 0],
    [0, 1, 0],
  ]);
  assert.deepEqual(full([2], 7, { dtype: 'int32' }).toArray(), [7, 7]);
  const like = zerosLike(tensor([[1, 2]], { dtype: 'float64' }));
  assert.equal(like.dtype, 'float64');
  assert.deepEqual(like.toArray(), [[0, 0]]);
  assert.deepEqual(onesLike(zeros([2])).toArray(), [1, 1]);
  assert.deepEqual(ones([0, 3]).shape, [0, 3]);
});

test('toString prints like PyTorch', () => {
  assert.equal(
    tensor([
      [1, 2],
      [3, 4],
    ]).toString(),
    'tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]])',
  );
  assert.equal(tensor([1.5, -2.25]).toString(), 'tensor([ 1.5000, -2.2500])');
  assert.equal(
    tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'int32' },
    ).toString(),
    'tensor([[1, 2],\n        [3, 4]], dtype=int32)',
  );
  // Past 1000 elements only the three first and last of each axis are printed.
  assert.equal(arange(2000).toString(), 'tensor([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)');
});

test('item() needs exactly one element; toArray() returns nested arrays', () => {
  assert.equal(tensor([[7]]).item(), 7);
  assert.throws(() => tensor([1, 2]).item(), {
    name: 'ValueError',
    message: 'item: expected a tensor with one element, got shape [2]',
  });
  expectClose(tensor([[1, 2]]).toArray(), [1, 2]);
  assert.deepEqual(
    tensor([[1, 2]])
      .transpose()
      .toArray(),
    [[1], [2]],
  );
});
