import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxPool2dWithIndices, randn, tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { AdaptiveAvgPool2d } from './adaptive-avg-pool2d.js';
import { AvgPool1d } from './avg-pool1d.js';
import { AvgPool2d } from './avg-pool2d.js';
import { AvgPool3d } from './avg-pool3d.js';
import { GlobalAvgPool } from './global-avg-pool.js';
import { MaxPool1d } from './max-pool1d.js';
import { MaxPool2d } from './max-pool2d.js';
import { MaxPool3d } from './max-pool3d.js';
import { MaxUnpool2d } from './max-unpool2d.js';

const image = tensor([
  [
    [
      [1, 2, 5, 6],
      [3, 4, 7, 8],
      [0, 0, 1, 1],
      [0, 9, 1, 3],
    ],
  ],
]);

test('MaxPool2d and AvgPool2d with a 2×2 kernel (stride defaults to the kernel)', () => {
  expectClose(new MaxPool2d(2).forward(image), [
    [
      [
        [4, 8],
        [9, 3],
      ],
    ],
  ]);
  // window means: (1+2+3+4)/4, (5+6+7+8)/4, 9/4, 6/4
  expectClose(new AvgPool2d(2).forward(image), [
    [
      [
        [2.5, 6.5],
        [2.25, 1.5],
      ],
    ],
  ]);
  assert.deepEqual(
    new MaxPool2d(3, { stride: 2, padding: 1 }).forward(randn([1, 2, 7, 7])).shape,
    [1, 2, 4, 4],
  );
});

test('1-d and 3-d pooling layers', () => {
  expectClose(new MaxPool1d(2).forward(tensor([[[1, 3, 2, 5]]])), [[[3, 5]]]);
  expectClose(new AvgPool1d(2).forward(tensor([[[1, 3, 2, 6]]])), [[[2, 4]]]);
  assert.deepEqual(new MaxPool3d(2).forward(randn([1, 1, 4, 4, 4])).shape, [1, 1, 2, 2, 2]);
  const ones3 = tensor([
    [
      [
        [
          [1, 3],
          [5, 7],
        ],
        [
          [9, 11],
          [13, 15],
        ],
      ],
    ],
  ]);
  expectClose(new AvgPool3d(2).forward(ones3), [[[[[8]]]]]); // mean of 1, 3, …, 15
});

test('AdaptiveAvgPool2d and GlobalAvgPool', () => {
  expectClose(new AdaptiveAvgPool2d(1).forward(image), [[[[51 / 16]]]]); // sum of the 16 values is 51
  assert.deepEqual(new AdaptiveAvgPool2d([7, 7]).forward(randn([2, 3, 1, 1])).shape, [2, 3, 7, 7]);
  expectClose(new GlobalAvgPool().forward(image), [[51 / 16]]);
});

test('MaxUnpool2d puts the maxima back', () => {
  const { values, indices } = maxPool2dWithIndices(image, { kernelSize: 2 });
  const y = new MaxUnpool2d(2).forward(values, indices);
  expectClose(y, [
    [
      [
        [0, 0, 0, 0],
        [0, 4, 0, 8],
        [0, 0, 0, 0],
        [0, 9, 0, 3],
      ],
    ],
  ]);
});

test('pooling layers report errors through their ops', () => {
  assert.throws(
    () => new MaxPool2d(2).forward(randn([4, 4])),
    /MaxPool2d\(kernelSize=2\): expected input \[batch, channels, height, width\], got \[4, 4\]/,
  );
  assert.throws(
    () => new AvgPool2d(5).forward(randn([1, 1, 4, 4])),
    /avgPool2d: the kernel .* is larger than the padded input/,
  );
});
