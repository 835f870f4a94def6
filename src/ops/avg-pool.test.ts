import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { poolReference } from '../testing/reference/pool-reference.js';
import { avgPool1d, avgPool2d, avgPool3d } from './avg-pool.js';
import { sum } from './sum.js';

checkOp({
  name: 'avgPool2d kernel 2 (stride 2)',
  fn: (x: Tensor) => avgPool2d(x, { kernelSize: 2 }),
  reference: poolReference('avg', { kernel: [2, 2], stride: [2, 2], padding: [0, 0] }),
  cases: [[[2, 3, 4, 5]], [[0, 3, 4, 4]]],
  errors: [
    {
      what: 'padding over half the kernel',
      call: () => avgPool2d(zeros([1, 1, 4, 4]), { kernelSize: 2, padding: 2 }),
      message: /avgPool2d: padding \(2\) must be at most half the kernel size \(2\) on spatial axis 0/,
      type: ValueError,
    },
    {
      what: 'missing options',
      call: () => avgPool2d(zeros([1, 1, 4, 4]), undefined as never),
      message: /avgPool2d: options with a kernelSize are required/,
    },
  ],
});

for (const countIncludePad of [true, false]) {
  checkOp({
    name: `avgPool2d kernel 3, stride 2, padding 1, ceil mode, countIncludePad ${countIncludePad}`,
    fn: (x: Tensor) =>
      avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad }),
    reference: poolReference('avg', {
      kernel: [3, 3],
      stride: [2, 2],
      padding: [1, 1],
      ceilMode: true,
      countIncludePad,
    }),
    cases: [[[2, 2, 6, 5]], [[1, 1, 4, 4]]],
  });
}

checkOp({
  name: 'avgPool1d kernel 3, stride 1, padding 1',
  fn: (x: Tensor) => avgPool1d(x, { kernelSize: 3, stride: 1, padding: 1 }),
  reference: poolReference('avg', { kernel: [3], stride: [1], padding: [1] }),
  cases: [[[2, 3, 5]]],
});

checkOp({
  name: 'avgPool3d kernel [2, 2, 1]',
  fn: (x: Tensor) => avgPool3d(x, { kernelSize: [2, 2, 1] }),
  reference: poolReference('avg', { kernel: [2, 2, 1], stride: [2, 2, 1], padding: [0, 0, 0] }),
  cases: [[[1, 2, 4, 4, 3]]],
});

test('avgPool2d: the 4×4 example averages each 2×2 block', () => {
  const x = tensor([
    [1, 3, 2, 1],
    [2, 9, 1, 1],
    [1, 4, 2, 3],
    [5, 6, 1, 2],
  ]).reshape([1, 1, 4, 4]);
  // (1 + 3 + 2 + 9)/4 = 3.75, (2 + 1 + 1 + 1)/4 = 1.25, (1 + 4 + 5 + 6)/4 = 4, (2 + 3 + 1 + 2)/4 = 2.
  expectClose(avgPool2d(x, { kernelSize: 2 }), [
    [
      [
        [3.75, 1.25],
        [4, 2],
      ],
    ],
  ]);
});

test('avgPool1d: countIncludePad divides border windows by the kernel size, else by what is inside', () => {
  const x = tensor([[[3, 6, 9]]]);
  // Windows [0, 3, 6], [3, 6, 9], [6, 9, 0].
  expectClose(avgPool1d(x, { kernelSize: 3, stride: 1, padding: 1 }), [[[3, 6, 5]]]);
  expectClose(avgPool1d(x, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false }), [
    [[4.5, 6, 7.5]],
  ]);
});

test('avgPool2d: each input gets 1/4 of the gradient of its 2×2 block', () => {
  const dx = grad((x: Tensor) => sum(avgPool2d(x, { kernelSize: 2 })))(zeros([1, 1, 2, 4]));
  expectClose(dx, [
    [
      [
        [0.25, 0.25, 0.25, 0.25],
        [0.25, 0.25, 0.25, 0.25],
      ],
    ],
  ]);
});
