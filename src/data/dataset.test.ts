import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import '../ops/index.js';
import { tensor } from '../tensor/creation.js';
import { ConcatDataset } from './concat-dataset.js';
import { Dataset, TensorDataset } from './dataset.js';
import { Subset } from './subset.js';
import { concatenate, take } from './take.js';

class Squares extends Dataset<number> {
  get length(): number {
    return 4;
  }
  get(i: number): number {
    this.checkIndex(i);
    return i * i;
  }
}

test('TensorDataset indexes axis 0 of every tensor', () => {
  const ds = new TensorDataset(
    tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
    tensor([7, 8, 9], { dtype: 'int32' }),
  );
  assert.equal(ds.length, 3);
  const [x, y] = ds.get(1);
  assert.deepEqual(x!.toArray(), [3, 4]);
  assert.equal(y!.item(), 8);
  assert.equal(y!.dtype, 'int32');
});

test('TensorDataset rejects tensors of different lengths and bad indices', () => {
  assert.throws(
    () => new TensorDataset(tensor([1, 2, 3]), tensor([1, 2])),
    new ShapeError(
      'TensorDataset: tensors[1] has shape [2], expected a first axis of size 3 like tensors[0]',
    ),
  );
  assert.throws(() => new TensorDataset(), ValueError);
  assert.throws(
    () => new TensorDataset(tensor([1, 2])).get(2),
    new ValueError('TensorDataset.get: index 2 is out of range for a dataset of length 2'),
  );
});

test('Subset and ConcatDataset map indices', () => {
  const sub = new Subset(new Squares(), [3, 1]);
  assert.deepEqual([sub.get(0), sub.get(1)], [9, 1]);
  const both = new ConcatDataset([new Squares(), sub]);
  assert.equal(both.length, 6);
  assert.deepEqual([both.get(3), both.get(4), both.get(5)], [9, 9, 1]);
  assert.throws(() => new Subset(new Squares(), [4]), /index 4 is out of range/);
});

test('take and concatenate keep tensor datasets as tensors', () => {
  const ds = new TensorDataset(tensor([10, 20, 30]), tensor([0, 1, 2], { dtype: 'int32' }));
  const picked = take(ds, [2, 0]) as TensorDataset;
  assert.ok(picked instanceof TensorDataset);
  assert.deepEqual(picked.tensors[0]!.toArray(), [30, 10]);
  const joined = concatenate([ds, picked]) as TensorDataset;
  assert.ok(joined instanceof TensorDataset);
  assert.deepEqual(joined.tensors[1]!.toArray(), [0, 1, 2, 2, 0]);
  assert.ok(take(new Squares(), [1]) instanceof Subset);
  assert.ok(concatenate([new Squares(), new Squares()]) instanceof ConcatDataset);
});
