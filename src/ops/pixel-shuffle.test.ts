import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { arange } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { pixelShuffle } from './pixel-shuffle.js';
import { pixelUnshuffle } from './pixel-unshuffle.js';

/** out[n, c, h·r + i, w·r + j] = x[n, c·r² + i·r + j, h, w], read index by index. */
function shuffleReference(r: number) {
  return (x: Plain): Plain => {
    const [n, cr, h, w] = x.shape as [number, number, number, number];
    const c = cr / (r * r);
    const shape = [n, c, h * r, w * r];
    const data: number[] = [];
    for (let b = 0; b < n; b++)
      for (let ch = 0; ch < c; ch++)
        for (let y = 0; y < h * r; y++)
          for (let xx = 0; xx < w * r; xx++) {
            const src = ch * r * r + (y % r) * r + (xx % r);
            data.push(x.data[((b * cr + src) * h + Math.floor(y / r)) * w + Math.floor(xx / r)]!);
          }
    return { shape, data };
  };
}

function unshuffleReference(r: number) {
  return (x: Plain): Plain => {
    const [n, c, hr, wr] = x.shape as [number, number, number, number];
    const [h, w] = [hr / r, wr / r];
    const data: number[] = [];
    for (let b = 0; b < n; b++)
      for (let ch = 0; ch < c * r * r; ch++)
        for (let y = 0; y < h; y++)
          for (let xx = 0; xx < w; xx++) {
            const [c0, i, j] = [Math.floor(ch / (r * r)), Math.floor((ch % (r * r)) / r), ch % r];
            data.push(x.data[((b * c + c0) * hr + y * r + i) * wr + xx * r + j]!);
          }
    return { shape: [n, c * r * r, h, w], data };
  };
}

checkOp({
  name: 'pixelShuffle r=2',
  fn: (x) => pixelShuffle(x!, 2),
  reference: shuffleReference(2),
  cases: [[[2, 8, 3, 2]], [[1, 4, 1, 1]], [[0, 4, 2, 2]]],
  errors: [
    {
      what: 'channels not divisible by r²',
      call: () => pixelShuffle(arange(6).reshape([1, 6, 1, 1]), 2),
      message: /pixelShuffle: channels \(6\) must be divisible by the factor squared \(4\)/,
      type: ShapeError,
    },
    {
      what: 'a fractional factor',
      call: () => pixelShuffle(arange(4).reshape([1, 4, 1, 1]), 1.5),
      message: /pixelShuffle: the factor must be a positive integer, got 1.5/,
      type: ValueError,
    },
    {
      what: 'a 2-D input',
      call: () => pixelShuffle(arange(4).reshape([2, 2]), 2),
      message: /pixelShuffle: x must be \[..., C, H, W\], got \[2, 2\]/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'pixelShuffle r=3',
  fn: (x) => pixelShuffle(x!, 3),
  reference: shuffleReference(3),
  cases: [[[1, 9, 2, 2]]],
});

checkOp({
  name: 'pixelUnshuffle r=2',
  fn: (x) => pixelUnshuffle(x!, 2),
  reference: unshuffleReference(2),
  cases: [[[2, 2, 4, 6]], [[0, 1, 2, 2]]],
  errors: [
    {
      what: 'a height not divisible by r',
      call: () => pixelUnshuffle(arange(6).reshape([1, 1, 3, 2]), 2),
      message: /pixelUnshuffle: height \(3\) and width \(2\) must be divisible by the factor \(2\)/,
      type: ShapeError,
    },
  ],
});

test('pixelShuffle matches PyTorch on a written-out case and pixelUnshuffle inverts it', () => {
  // torch.nn.functional.pixel_shuffle(torch.arange(8.).reshape(1, 8, 1, 1), 2)
  const x = arange(8).reshape([1, 8, 1, 1]);
  assert.deepEqual(pixelShuffle(x, 2).toArray(), [
    [
      [
        [0, 1],
        [2, 3],
      ],
      [
        [4, 5],
        [6, 7],
      ],
    ],
  ]);
  const y = arange(48).reshape([2, 4, 2, 3]);
  assert.deepEqual(pixelUnshuffle(pixelShuffle(y, 2), 2).toArray(), y.toArray());
  // no batch axis: [C·r², H, W] works as in PyTorch
  assert.deepEqual(pixelShuffle(arange(4).reshape([4, 1, 1]), 2).shape, [1, 2, 2]);
});
