import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { poolReference } from '../testing/reference/pool-reference.js';
import { maxPool1d, maxPool2d, maxPool2dWithIndices, maxPool3d } from './max-pool.js';
import { sum } from './sum.js';

checkOp({
  name: 'maxPool2d kernel 2 (stride 2)',
  fn: (x: Tensor) => maxPool2d(x, { kernelSize: 2 }),
  reference: poolReference('max', { kernel: [2, 2], stride: [2, 2], padding: [0, 0] }),
  cases: [[[2, 3, 4, 5]], [[0, 3, 4, 4]], [[1, 0, 4, 4]]],
  errors: [
    {
      what: 'a 3-d input',
      call: () => maxPool2d(zeros([3, 4, 4]), { kernelSize: 2 }),
      message: /maxPool2d: x must have rank 4 \[batch, channels, height, width\], got shape \[3, 4, 4\]/,
      type: ShapeError,
    },
    {
      what: 'padding over half the kernel',
      call: () => maxPool2d(zeros([1, 1, 4, 4]), { kernelSize: 3, padding: [1, 2] }),
      message: /maxPool2d: padding \(2\) must be at most half the kernel size \(3\) on spatial axis 1/,
      type: ValueError,
    },
    {
      what: 'a window larger than the padded input',
      call: () => maxPool2d(zeros([1, 1, 2, 4]), { kernelSize: 3 }),
      message:
        /maxPool2d: the kernel \(effective size 3 on spatial axis 0\) is larger than the padded input \(2\)/,
      type: ShapeError,
    },
    {
      what: 'a zero stride',
      call: () => maxPool2d(zeros([1, 1, 4, 4]), { kernelSize: 2, stride: [1, 0] }),
      message: /maxPool2d: stride must be positive integers, got \[1,0\]/,
    },
    {
      what: 'a zero kernel',
      call: () => maxPool2d(zeros([1, 1, 4, 4]), { kernelSize: 0 }),
      message: /maxPool2d: kernelSize must be positive integers, got 0/,
    },
    {
      what: 'an int32 input',
      call: () => maxPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), { kernelSize: 2 }),
      message: /maxPool2d: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

checkOp({
  name: 'maxPool2d kernel [3, 2], stride [2, 1], padding [1, 1], ceil mode',
  fn: (x: Tensor) => maxPool2d(x, { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], ceilMode: true }),
  reference: poolReference('max', { kernel: [3, 2], stride: [2, 1], padding: [1, 1], ceilMode: true }),
  cases: [[[2, 2, 6, 5]], [[1, 1, 5, 3]]],
});

checkOp({
  name: 'maxPool1d kernel 3, stride 2, padding 1',
  fn: (x: Tensor) => maxPool1d(x, { kernelSize: 3, stride: 2, padding: 1 }),
  reference: poolReference('max', { kernel: [3], stride: [2], padding: [1] }),
  cases: [[[2, 3, 7]], [[0, 3, 7]]],
});

checkOp({
  name: 'maxPool3d kernel 2, stride [1, 2, 2]',
  fn: (x: Tensor) => maxPool3d(x, { kernelSize: 2, stride: [1, 2, 2] }),
  reference: poolReference('max', { kernel: [2, 2, 2], stride: [1, 2, 2], padding: [0, 0, 0] }),
  cases: [[[1, 2, 3, 4, 4]]],
});

const example = tensor([
  [1, 3, 2, 1],
  [2, 9, 1, 1],
  [1, 3, 2, 3],
  [5, 6, 1, 2],
]).reshape([1, 1, 4, 4]);

test('maxPool2d: the 4×4 course example with f = 2, s = 2 gives [[9, 2], [6, 3]]', () => {
  expectClose(maxPool2d(example, { kernelSize: 2 }), [
    [
      [
        [9, 2],
        [6, 3],
      ],
    ],
  ]);
  // f = 3, s = 1 on the same input: 2×2 windows of maxima.
  expectClose(maxPool2d(example, { kernelSize: 3, stride: 1 }), [
    [
      [
        [9, 9],
        [9, 9],
      ],
    ],
  ]);
});

test('maxPool2d: indices are flat positions in each plane and the gradient goes to the maxima', () => {
  const { values, indices } = maxPool2dWithIndices(example, { kernelSize: 2 });
  expectClose(values, [
    [
      [
        [9, 2],
        [6, 3],
      ],
    ],
  ]);
  assert.equal(indices.dtype, 'int32');
  // 9 at (1, 1) → 5, 2 at (0, 2) → 2, 6 at (3, 1) → 13, 3 at (2, 3) → 11.
  assert.deepEqual(indices.toArray(), [
    [
      [
        [5, 2],
        [13, 11],
      ],
    ],
  ]);
  const returned = maxPool2d(example, { kernelSize: 2, returnIndices: true });
  assert.deepEqual(returned.indices.toArray(), indices.toArray());
  const dx = grad((x: Tensor) => sum(maxPool2d(x, { kernelSize: 2 })))(example);
  expectClose(dx.reshape([16]), [0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
});

test('maxPool2d: padding counts as −∞, so an all-negative border keeps its own values', () => {
  const x = tensor([
    [
      [
        [-1, -2],
        [-3, -4],
      ],
    ],
  ]);
  // Windows of 2 with padding 1 and stride 2 see one real element each.
  expectClose(maxPool2d(x, { kernelSize: 2, padding: 1 }), [
    [
      [
        [-1, -2],
        [-3, -4],
      ],
    ],
  ]);
});

test('maxPool2d: ceil mode keeps the partial last window (5 → 3 instead of 2)', () => {
  const x = tensor([[[[1, 2, 3, 4, 5]]]]);
  expectClose(maxPool2d(x, { kernelSize: [1, 2], ceilMode: true }), [[[[2, 4, 5]]]]);
  expectClose(maxPool2d(x, { kernelSize: [1, 2] }), [[[[2, 4]]]]);
});

test('maxPool2d: NaN wins its window, as in PyTorch', () => {
  const y = maxPool2d(tensor([[[[1, Number.NaN, 3, 4]]]]), { kernelSize: [1, 2] });
  expectClose(y, [[[[Number.NaN, 4]]]]);
});
