import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { loadMnistRaw } from './mnist.js';
import { loadMnist } from './mnist-dataset.js';

test('loadMnist builds float32 images and int32 labels', () => {
  const raw = loadMnistRaw('test');
  const ds = loadMnist('test', { limit: 3 });
  const [x, y] = ds.tensors;
  assert.deepEqual(x!.shape, [3, 784]);
  assert.equal(x!.dtype, 'float32');
  assert.deepEqual(y!.toArray(), [...raw.labels.subarray(0, 3)]);
  assert.equal(y!.dtype, 'int32');
  const k = raw.images.findIndex((p) => p > 0);
  assert.equal(x!.data()[k], Math.fround(raw.images[k]! / 255));
  const centered = loadMnist('test', { limit: 1, normalize: 'centered', shape: 'image' }).tensors[0]!;
  assert.deepEqual(centered.shape, [1, 1, 28, 28]);
  assert.equal(centered.data()[0], -0.5);
  assert.throws(
    () => loadMnist('test', { limit: -1 }),
    new ValueError('loadMnist: limit must be a non-negative integer, got -1'),
  );
});
