import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { arange, tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { multiIndices, offsetOf } from '../testing/reference/conv-reference.js';
import { adaptiveAvgPool2d } from './adaptive-avg-pool2d.js';

/** Averages PyTorch's bins ⌊i·in/out⌋ ≤ j < ⌈(i + 1)·in/out⌉ element by element. */
const reference =
  (oh: number, ow: number) =>
  (x: Plain): Plain => {
    const [h, w] = x.shape.slice(-2) as [number, number];
    const lead = x.shape.slice(0, -2);
    const shape = [...lead, oh, ow];
    const data = multiIndices(shape).map((pos) => {
      const [i, j] = pos.slice(-2) as [number, number];
      const [r0, r1] = [Math.floor((i * h) / oh), Math.ceil(((i + 1) * h) / oh)];
      const [c0, c1] = [Math.floor((j * w) / ow), Math.ceil(((j + 1) * w) / ow)];
      let total = 0;
      for (let r = r0; r < r1; r++)
        for (let c = c0; c < c1; c++) total += x.data[offsetOf(x.shape, [...pos.slice(0, -2), r, c])]!;
      return total / ((r1 - r0) * (c1 - c0));
    });
    return { shape, data };
  };

checkOp({
  name: 'adaptiveAvgPool2d to [3, 2] (overlapping bins from 5 rows)',
  fn: (x: Tensor) => adaptiveAvgPool2d(x, [3, 2]),
  reference: reference(3, 2),
  cases: [[[2, 3, 5, 4]], [[0, 3, 5, 4]], [[3, 7, 5]]],
  errors: [
    {
      what: 'a 2-d input',
      call: () => adaptiveAvgPool2d(zeros([4, 4]), 2),
      message: /adaptiveAvgPool2d: x must have rank 4 \[batch, channels, height, width\] or 3/,
      type: ShapeError,
    },
    {
      what: 'a zero output size',
      call: () => adaptiveAvgPool2d(zeros([1, 1, 4, 4]), [0, 2]),
      message: /adaptiveAvgPool2d: outputSize must be positive integers, got \[0,2\]/,
      type: ValueError,
    },
    {
      what: 'an empty plane',
      call: () => adaptiveAvgPool2d(zeros([1, 1, 0, 4]), 2),
      message: /adaptiveAvgPool2d: x needs a non-empty \[height, width\]/,
    },
  ],
});

checkOp({
  name: 'adaptiveAvgPool2d to [1, null] (keep the width)',
  fn: (x: Tensor) => adaptiveAvgPool2d(x, [1, null]),
  reference: reference(1, 3),
  cases: [[[1, 2, 4, 3]]],
});

test('adaptiveAvgPool2d: 4×4 → 2×2 averages 2×2 blocks; 3 → 2 bins are rows {0, 1} and {1, 2}', () => {
  const x = arange(0, 16, 1, { dtype: 'float32' }).reshape([1, 1, 4, 4]);
  // Block (0, 0) holds 0, 1, 4, 5: mean 2.5; each block right adds 2, each block down adds 8.
  expectClose(adaptiveAvgPool2d(x, 2), [
    [
      [
        [2.5, 4.5],
        [10.5, 12.5],
      ],
    ],
  ]);
  expectClose(adaptiveAvgPool2d(tensor([[[[1], [2], [6]]]]), [2, 1]), [[[[1.5], [4]]]]);
});
