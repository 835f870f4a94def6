import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { maxPool2dWithIndices } from './max-pool.js';
import { maxUnpool2d } from './max-unpool2d.js';

// Fixed indices into a 4×4 plane (one per 2×2 window, as maxPool2d would give) for 2 planes.
const indices = tensor(
  [
    [
      [
        [5, 2],
        [13, 11],
      ],
      [
        [0, 3],
        [8, 15],
      ],
    ],
  ],
  { dtype: 'int32' },
);

checkOp({
  name: 'maxUnpool2d kernel 2',
  fn: (x: Tensor) => maxUnpool2d(x, indices, { kernelSize: 2 }),
  reference: (x: Plain): Plain => {
    const data = new Array<number>(32).fill(0);
    [...indices.data()].forEach((at, i) => {
      data[Math.floor(i / 4) * 16 + at] = x.data[i]!;
    });
    return { shape: [1, 2, 4, 4], data };
  },
  cases: [[[1, 2, 2, 2]]],
  errors: [
    {
      what: 'float indices',
      call: () => maxUnpool2d(zeros([1, 2, 2, 2]), zeros([1, 2, 2, 2]), { kernelSize: 2 }),
      message: /maxUnpool2d: indices must be an int32 tensor, got float32/,
      type: DTypeError,
    },
    {
      what: 'indices of another shape',
      call: () => maxUnpool2d(zeros([1, 1, 2, 2]), indices, { kernelSize: 2 }),
      message: /maxUnpool2d: indices must have x's shape \[1, 1, 2, 2\], got \[1, 2, 2, 2\]/,
      type: ShapeError,
    },
    {
      what: 'an index past the output plane',
      call: () => maxUnpool2d(zeros([1, 2, 2, 2]), indices, { kernelSize: 2, outputSize: [3, 3] }),
      message: /maxUnpool2d: index 13 is out of range for an output plane of 9 elements/,
      type: ValueError,
    },
  ],
});

test('maxUnpool2d puts the pooled maxima back where they came from', () => {
  const x = tensor([
    [1, 3, 2, 1],
    [2, 9, 1, 1],
    [1, 3, 2, 3],
    [5, 6, 1, 2],
  ]).reshape([1, 1, 4, 4]);
  const { values, indices: at } = maxPool2dWithIndices(x, { kernelSize: 2 });
  const y = maxUnpool2d(values, at, { kernelSize: 2 });
  expectClose(y.reshape([4, 4]), [
    [0, 0, 2, 0],
    [0, 9, 0, 0],
    [0, 0, 0, 3],
    [0, 6, 0, 0],
  ]);
  // A 5×5 input pools to 2×2 as well; outputSize (or [N, C, H, W]) recovers it.
  assert.deepEqual(maxUnpool2d(values, at, { kernelSize: 2, outputSize: [1, 1, 5, 5] }).shape, [1, 1, 5, 5]);
});
