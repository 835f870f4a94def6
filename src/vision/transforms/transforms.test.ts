import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  arange,
  Generator,
  mul,
  reshape,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
} from '../../index.js';
import { expectClose } from '../../testing/index.js';
import { centerCrop } from './center-crop.js';
import { colorShift } from './color-shift.js';
import { compose } from './compose.js';
import { normalize } from './normalize.js';
import { randomCrop } from './random-crop.js';
import { randomHorizontalFlip, randomVerticalFlip } from './random-flip.js';
import { randomResizedCrop } from './random-resized-crop.js';
import { tenCrop } from './ten-crop.js';

/** 0, 1, ..., n − 1 as float32 in `shape`. */
const counting = (n: number, shape: number[]): Tensor =>
  reshape(arange(0, n, 1, { dtype: 'float32' }), shape);
// A [1, 3, 3] image holding 0..8 row by row.
const image = (): Tensor => counting(9, [1, 3, 3]);

test('flips with p = 1 are exact mirrors, with p = 0 the identity', () => {
  expectClose(randomHorizontalFlip(1)(image()), [
    [
      [2, 1, 0],
      [5, 4, 3],
      [8, 7, 6],
    ],
  ]);
  expectClose(randomVerticalFlip(1)(image()), [
    [
      [6, 7, 8],
      [3, 4, 5],
      [0, 1, 2],
    ],
  ]);
  expectClose(randomHorizontalFlip(0)(image()), image());
});

test('a batch flips each image on its own draw, reproducibly for a seed', () => {
  const batch = counting(16, [8, 1, 1, 2]); // image i is [[2i, 2i + 1]]
  const flipped = randomHorizontalFlip(0.5, { generator: new Generator(7) })(batch);
  const draws = new Generator(7);
  const expected = Array.from({ length: 8 }, (_, i) =>
    draws.uniform() < 0.5 ? [2 * i + 1, 2 * i] : [2 * i, 2 * i + 1],
  );
  expectClose(flipped, expected.flat());
  expectClose(randomHorizontalFlip(0.5, { generator: new Generator(7) })(batch), flipped);
  assert.throws(
    () => randomHorizontalFlip(1.5),
    /randomHorizontalFlip: p must be a probability in \[0, 1\], got 1.5/,
  );
});

/** All size×size windows of a [1, H, W] nested array. */
function windows(padded: number[][], size: number): string[] {
  const out: string[] = [];
  for (let t = 0; t + size <= padded.length; t++)
    for (let l = 0; l + size <= padded[0]!.length; l++)
      out.push(JSON.stringify(padded.slice(t, t + size).map((r) => r.slice(l, l + size))));
  return out;
}

test('randomCrop cuts a window of the zero-padded image, reproducibly, and covers every position', () => {
  const padded = [
    [0, 0, 0, 0, 0],
    [0, 0, 1, 2, 0],
    [0, 3, 4, 5, 0],
    [0, 6, 7, 8, 0],
    [0, 0, 0, 0, 0],
  ];
  const allowed = windows(padded, 3); // 3 × 3 = 9 positions
  const crop = randomCrop(3, { padding: 1, generator: new Generator(1) });
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) {
    const out = crop(image());
    assert.deepEqual(out.shape, [1, 3, 3]);
    const key = JSON.stringify((out.toArray() as number[][][])[0]);
    assert.ok(allowed.includes(key), `${key} is a window of the padded image`);
    seen.add(key);
  }
  assert.equal(seen.size, 9);
  const again = randomCrop(3, { padding: 1, generator: new Generator(1) });
  expectClose(again(image()), randomCrop(3, { padding: 1, generator: new Generator(1) })(image()));
  assert.deepEqual(randomCrop([2, 1])(counting(18, [2, 1, 3, 3])).shape, [2, 1, 2, 1]);
  assert.throws(() => randomCrop(4)(image()), /randomCrop: crop 4×4 is larger than the padded image 3×3/);
  assert.throws(() => randomCrop(0), /randomCrop: size must be a positive integer/);
});

test('randomResizedCrop gives the requested size; full scale and ratio 1 on a square keep the image', () => {
  const g = new Generator(3);
  const photo = counting(3 * 8 * 6, [3, 8, 6]);
  assert.deepEqual(randomResizedCrop(4, { generator: g })(photo).shape, [3, 4, 4]);
  assert.deepEqual(
    randomResizedCrop([5, 3], { generator: g })(reshape(photo, [1, 3, 8, 6])).shape,
    [1, 3, 5, 3],
  );
  // scale [1, 1] and ratio [1, 1] on 3×3 draw the whole image; bilinear to the same size is exact.
  expectClose(randomResizedCrop(3, { scale: [1, 1], ratio: [1, 1], generator: g })(image()), image());
  // Ratio 4 cannot fit a 3×3 image: the fallback is the centred 3 wide × round(3 / 4) = 1 high strip, row 1.
  expectClose(randomResizedCrop([1, 3], { scale: [1, 1], ratio: [4, 4], generator: g })(image()), [
    [[3, 4, 5]],
  ]);
  assert.throws(
    () => randomResizedCrop(2, { scale: [0.5, 0.1] }),
    /randomResizedCrop: scale must be \[low, high\]/,
  );
});

test('colorShift adds one offset per channel within ±maxShift, reproducibly', () => {
  const photo = tensor([[[0.5, 0.5]], [[0.2, 0.4]]]); // [2, 1, 2]
  const shifted = colorShift({ maxShift: 0.1, generator: new Generator(5) })(photo);
  const draws = new Generator(5);
  const offsets = [0, 1].map(() => (2 * draws.uniform() - 1) * 0.1);
  expectClose(shifted, [[[0.5 + offsets[0]!, 0.5 + offsets[0]!]], [[0.2 + offsets[1]!, 0.4 + offsets[1]!]]]);
  assert.ok(offsets.every((o) => Math.abs(o) <= 0.1));
  expectClose(colorShift({ maxShift: 0 })(photo), photo);
});

test('normalize matches (x − mean) / std per channel on images and batches', () => {
  const photo = tensor([[[0, 1]], [[0.5, 1]]]); // [2, 1, 2]
  // Channel 0: (x − 0.5) / 0.5 → [-1, 1]; channel 1: (x − 0.25) / 0.25 → [1, 3].
  const norm = normalize([0.5, 0.25], [0.5, 0.25]);
  expectClose(norm(photo), [[[-1, 1]], [[1, 3]]]);
  expectClose(norm(reshape(photo, [1, 2, 1, 2])), [[[[-1, 1]], [[1, 3]]]]);
  assert.throws(
    () => norm(tensor([[[0]]])),
    (e: unknown) =>
      e instanceof ShapeError &&
      /normalize: x must be .* with 2 channels, got shape \[1, 1, 1\]/.test(e.message),
  );
  assert.throws(
    () => normalize([0], [0]),
    (e: unknown) => e instanceof ValueError && /std\[0\] must be > 0, got 0/.test(e.message),
  );
});

test('compose applies transforms left to right', () => {
  // (x + 1) · 2, not x · 2 + 1.
  expectClose(compose([(x) => add(x, 1), (x) => mul(x, 2)])(tensor([[[1]]])), [[[4]]]);
});

test('tenCrop stacks the four corners and the centre, then the same of the mirror image', () => {
  const crops = tenCrop(2)(image());
  assert.deepEqual(crops.shape, [10, 1, 2, 2]);
  // The centre window of a 3×3 image starts at ⌊(3 − 2) / 2⌋ = 0, the same as the top-left corner.
  const expected = [
    [
      [0, 1],
      [3, 4],
    ],
    [
      [1, 2],
      [4, 5],
    ],
    [
      [3, 4],
      [6, 7],
    ],
    [
      [4, 5],
      [7, 8],
    ],
    [
      [0, 1],
      [3, 4],
    ],
    [
      [2, 1],
      [5, 4],
    ],
    [
      [1, 0],
      [4, 3],
    ],
    [
      [5, 4],
      [8, 7],
    ],
    [
      [4, 3],
      [7, 6],
    ],
    [
      [2, 1],
      [5, 4],
    ],
  ];
  expectClose(crops, expected.flat(2));
  assert.deepEqual(tenCrop(2)(counting(18, [2, 1, 3, 3])).shape, [2, 10, 1, 2, 2]);
  expectClose(centerCrop(1)(image()), [[[4]]]);
  assert.throws(
    () => tenCrop(2)(tensor([1, 2])),
    /tenCrop: x must be an image \[channels, height, width\] or a batch/,
  );
});
