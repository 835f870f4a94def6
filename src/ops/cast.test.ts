import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { cast } from './cast.js';
import { contiguous } from './contiguous.js';

checkOp({
  name: 'cast to float64',
  fn: (x) => cast(x, 'float64'),
  elementwise: (v) => v,
  cases: [[[2, 3]], [[0]], [[]]],
});
checkOp({
  name: 'contiguous',
  fn: (x) => contiguous(x.T),
  reference: (x) => ({
    shape: [x.shape[1]!, x.shape[0]!],
    data:
      x.shape[1] === 1 || x.shape[0] === 1
        ? x.data
        : [x.data[0]!, x.data[2]!, x.data[4]!, x.data[1]!, x.data[3]!, x.data[5]!],
  }),
  cases: [[[3, 2]], [[1, 4]]],
});

test('casting floats to int32 truncates toward zero, as a C cast and PyTorch do', () => {
  assert.deepEqual(cast(tensor([1.7, -1.7, 0.5, -0.5]), 'int32').toArray(), [1, -1, 0, 0]);
});

test('casting to bool makes every non-zero true, including fractions and NaN', () => {
  assert.deepEqual(cast(tensor([0, 0.5, -2, Number.NaN]), 'bool').toArray(), [false, true, true, true]);
  assert.deepEqual(cast(tensor([true, false]), 'float32').toArray(), [1, 0]);
});

test('cast to the same dtype returns the same data, and gradients cast back', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  assert.equal(cast(x, 'float32').storage, x.storage);
  cast(x, 'float64').mul(3).sum().backward();
  assert.equal(x.grad!.dtype, 'float32');
  assert.deepEqual(x.grad!.toArray(), [3, 3]);
});

test('contiguous of a contiguous tensor is that tensor', () => {
  const x = tensor([1, 2]);
  assert.equal(contiguous(x), x);
});
