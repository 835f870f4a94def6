import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { cat, stack } from './cat.js';

checkOp({
  name: 'cat',
  fn: (a, b) => cat([a!, b!], 1),
  // Row by row: a's row then b's row.
  reference: (a, b) => {
    const rows = a.shape[0]!;
    const ca = a.shape[1]!;
    const cb = b.shape[1]!;
    const data: number[] = [];
    for (let r = 0; r < rows; r++)
      data.push(...a.data.slice(r * ca, (r + 1) * ca), ...b.data.slice(r * cb, (r + 1) * cb));
    return { shape: [rows, ca + cb], data };
  },
  cases: [
    [
      [2, 3],
      [2, 1],
    ],
    [
      [2, 0],
      [2, 2],
    ],
    [
      [0, 2],
      [0, 3],
    ],
  ],
  errors: [
    {
      what: 'shapes that differ off the axis',
      call: () => cat([zeros([2, 3]), zeros([3, 3])], 1),
      message: /cat: tensors\[1\] has shape \[3, 3\], which does not match \[2, 3\] outside axis 1/,
      type: ShapeError,
    },
    {
      what: 'an empty list',
      call: () => cat([]),
      message: /cat: expected at least one tensor/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'stack',
  fn: (a, b) => stack([a!, b!], 0),
  reference: (a, b) => ({ shape: [2, ...a.shape], data: [...a.data, ...b.data] }),
  cases: [
    [[3], [3]],
    [[0], [0]],
  ],
  errors: [
    {
      what: 'different shapes',
      call: () => stack([zeros([2]), zeros([3])]),
      message: /stack: tensors\[1\] has shape \[3\], expected \[2\]/,
      type: ShapeError,
    },
  ],
});

test('cat promotes dtypes and gives each input its slice of the gradient', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3], { requiresGrad: true });
  const y = cat([a, b]);
  assert.deepEqual(y.toArray(), [1, 2, 3]);
  y.mul(tensor([10, 20, 30]))
    .sum()
    .backward();
  assert.deepEqual(a.grad!.toArray(), [10, 20]);
  assert.deepEqual(b.grad!.toArray(), [30]);
  assert.equal(cat([tensor([1], { dtype: 'int32' }), tensor([0.5])]).dtype, 'float32');
});
