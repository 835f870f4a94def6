import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TensorDataset, tensor, ValueError } from '../index.js';
import { applyLabelCorrections, parseCorrectionsCsv } from './label-corrections.js';

const i32 = (v: number[]) => tensor(v, { dtype: 'int32' });

test('applyLabelCorrections fixes dev and test together and counts the labels it changed', () => {
  const dev = new TensorDataset(tensor([[1], [2], [3]]), i32([0, 1, 1]));
  const test_ = new TensorDataset(tensor([[4], [5]]), i32([1, 0]));
  const corrections = parseCorrectionsCsv('set,index,label\ndev,1,0\ndev,2,1\ntest,0,0\n');
  assert.deepEqual(corrections, [
    { set: 'dev', index: 1, label: 0 },
    { set: 'dev', index: 2, label: 1 },
    { set: 'test', index: 0, label: 0 },
  ]);
  const fixed = applyLabelCorrections({ dev, test: test_ }, corrections);
  assert.deepEqual(fixed.dev.tensors[1]!.toArray(), [0, 0, 1]);
  assert.deepEqual(fixed.test.tensors[1]!.toArray(), [0, 0]);
  assert.equal(fixed.dev.tensors[1]!.dtype, 'int32');
  assert.deepEqual(fixed.changed, { dev: 1, test: 1 }); // dev 2 already said 1
  assert.deepEqual(dev.tensors[1]!.toArray(), [0, 1, 1]); // the originals are untouched
  assert.equal(fixed.dev.tensors[0], dev.tensors[0]);
  assert.throws(
    () => applyLabelCorrections({ dev, test: test_ }, [{ set: 'test', index: 2, label: 0 }]),
    new ValueError('applyLabelCorrections: test index 2 is out of range for 2 examples'),
  );
  assert.throws(() => parseCorrectionsCsv('index,label\n1,2'), /the header must name set, index and label/);
  assert.throws(
    () => parseCorrectionsCsv('set,index,label\ntrain,1,2'),
    /row 2 \('train,1,2'\) needs set dev or test/,
  );
});
