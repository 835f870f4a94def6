import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError, ValueError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { multiIndices, offsetOf } from '../testing/reference/conv-reference.js';
import { interpolate } from './interpolate.js';
import { sum } from './sum.js';

/** PyTorch's source coordinate of output pixel `dst` along one axis (`scale` = in/out or 1/factor). */
function source(
  dst: number,
  n: number,
  out: number,
  scale: number,
  mode: string,
  alignCorners: boolean,
): number {
  if (mode === 'nearest') return Math.min(Math.floor(dst * scale), n - 1);
  if (alignCorners) return out > 1 ? (dst * (n - 1)) / (out - 1) : 0;
  return Math.max((dst + 0.5) * scale - 0.5, 0);
}

/** Reads each output pixel directly: the value at its source (nearest) or the 4-pixel blend (bilinear). */
function reference(size: number[], mode: string, alignCorners = false, factors?: number[]) {
  return (x: Plain): Plain => {
    const axes = x.shape.slice(2);
    const shape = [...x.shape.slice(0, 2), ...size];
    const data = multiIndices(shape).map(([b, c, ...pos]) => {
      // Per axis, the (index, weight) pairs it reads.
      const taps = pos.map((dst, d) => {
        const n = axes[d]!;
        const s = source(dst, n, size[d]!, factors ? 1 / factors[d]! : n / size[d]!, mode, alignCorners);
        const i0 = Math.floor(s);
        const i1 = Math.min(i0 + 1, n - 1);
        return mode === 'nearest'
          ? [[i0, 1]]
          : [
              [i0, 1 - (s - i0)],
              [i1, s - i0],
            ];
      });
      let total = 0;
      for (const combo of multiIndices(taps.map((t) => t.length))) {
        const at = combo.map((k, d) => taps[d]![k]![0]!);
        const weight = combo.reduce((w, k, d) => w * taps[d]![k]![1]!, 1);
        total += weight * x.data[offsetOf(x.shape, [b!, c!, ...at])]!;
      }
      return total;
    });
    return { shape, data };
  };
}

checkOp({
  name: 'interpolate nearest to size [5, 3]',
  fn: (x: Tensor) => interpolate(x, { size: [5, 3] }),
  reference: reference([5, 3], 'nearest'),
  cases: [[[2, 2, 3, 4]], [[0, 2, 3, 4]]],
  errors: [
    {
      what: 'both size and scaleFactor',
      call: () => interpolate(zeros([1, 1, 2, 2]), { size: 4, scaleFactor: 2 }),
      message: /interpolate: give exactly one of size and scaleFactor/,
      type: ValueError,
    },
    {
      what: 'bilinear on a 3-d input',
      call: () => interpolate(zeros([1, 1, 2]), { size: 4, mode: 'bilinear' }),
      message:
        /interpolate: bilinear needs x of rank 4 \[batch, channels, ...spatial\], got shape \[1, 1, 2\]/,
      type: ShapeError,
    },
    {
      what: 'alignCorners with nearest',
      call: () => interpolate(zeros([1, 1, 2, 2]), { size: 4, alignCorners: true }),
      message: /interpolate: alignCorners only applies to mode 'bilinear'/,
    },
    {
      what: 'an unknown mode',
      call: () => interpolate(zeros([1, 1, 2, 2]), { size: 4, mode: 'bicubic' as never }),
      message: /interpolate: mode must be 'nearest' or 'bilinear', got 'bicubic'/,
    },
    {
      what: 'a negative scale factor',
      call: () => interpolate(zeros([1, 1, 2, 2]), { scaleFactor: -2 }),
      message: /interpolate: scaleFactor must be a positive number or 2 of them, got -2/,
    },
  ],
});

checkOp({
  name: 'interpolate nearest 1-d, scaleFactor 1.5',
  fn: (x: Tensor) => interpolate(x, { scaleFactor: 1.5 }),
  reference: reference([7], 'nearest', false, [1.5]),
  cases: [[[2, 2, 5]]],
});

checkOp({
  name: 'interpolate bilinear to size [5, 2] (half-pixel centres)',
  fn: (x: Tensor) => interpolate(x, { size: [5, 2], mode: 'bilinear' }),
  reference: reference([5, 2], 'bilinear'),
  cases: [[[2, 2, 3, 4]]],
});

checkOp({
  name: 'interpolate bilinear with alignCorners to size [4, 7]',
  fn: (x: Tensor) => interpolate(x, { size: [4, 7], mode: 'bilinear', alignCorners: true }),
  reference: reference([4, 7], 'bilinear', true),
  cases: [[[1, 2, 3, 4]]],
});

const square = tensor([
  [
    [
      [1, 2],
      [3, 4],
    ],
  ],
]);

test('interpolate: nearest ×2 repeats each pixel as a 2×2 block, and its gradient sums the block', () => {
  expectClose(interpolate(square, { scaleFactor: 2 }).reshape([4, 4]), [
    [1, 1, 2, 2],
    [1, 1, 2, 2],
    [3, 3, 4, 4],
    [3, 3, 4, 4],
  ]);
  expectClose(grad((x: Tensor) => sum(interpolate(x, { scaleFactor: 2 })))(square), [
    [
      [
        [4, 4],
        [4, 4],
      ],
    ],
  ]);
});

test('interpolate: bilinear ×2 matches PyTorch (half-pixel: source (dst + ½)/2 − ½)', () => {
  // Output column 1 reads source 0.25: 1 + 0.25·(2 − 1) = 1.25; column 0 clamps to source 0.
  expectClose(interpolate(square, { scaleFactor: 2, mode: 'bilinear' }).reshape([4, 4]), [
    [1, 1.25, 1.75, 2],
    [1.5, 1.75, 2.25, 2.5],
    [2.5, 2.75, 3.25, 3.5],
    [3, 3.25, 3.75, 4],
  ]);
  // alignCorners maps corner to corner: 2 → 3 places sources at 0, 0.5, 1.
  expectClose(interpolate(square, { size: 3, mode: 'bilinear', alignCorners: true }).reshape([3, 3]), [
    [1, 1.5, 2],
    [2, 2.5, 3],
    [3, 3.5, 4],
  ]);
  assert.equal(interpolate(square, { size: [1, 3], mode: 'bilinear' }).shape[3], 3);
});
