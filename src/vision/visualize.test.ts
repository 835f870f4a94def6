import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ShapeError, tensor, ValueError, zeros } from '../index.js';
import { expectClose } from '../testing/index.js';
import { readImage } from './image-io.js';
import { activationGrid, filtersGrid, imageGrid, saveGrid } from './visualize.js';

test('four constant 1×1 images in a 2×2 grid with padding 1 land between zero borders', () => {
  const images = tensor([0.1, 0.2, 0.3, 0.4], { shape: [4, 1, 1, 1] });
  const grid = imageGrid(images, { nrow: 2, padding: 1 });
  // H' = 2 rows · (1 + 1) + 1 = 5, W' = 2 columns · (1 + 1) + 1 = 5.
  assert.deepEqual(grid.shape, [1, 5, 5]);
  expectClose(grid, [
    [
      [0, 0, 0, 0, 0],
      [0, 0.1, 0, 0.2, 0],
      [0, 0, 0, 0, 0],
      [0, 0.3, 0, 0.4, 0],
      [0, 0, 0, 0, 0],
    ],
  ]);
});

test('a last row that is not full is filled with padValue, and colour channels stay apart', () => {
  // Three 2-channel 1×1 images, nrow 2: the fourth cell is all padding.
  const images = tensor([
    [[[1]], [[2]]],
    [[[3]], [[4]]],
    [[[5]], [[6]]],
  ]);
  const grid = imageGrid(images, { nrow: 2, padding: 1, padValue: 9 });
  assert.deepEqual(grid.shape, [2, 5, 5]);
  const row = (a: number, b: number): number[] => [9, a, 9, b, 9];
  const pad = [9, 9, 9, 9, 9];
  expectClose(grid, [
    [pad, row(1, 3), pad, row(5, 9), pad],
    [pad, row(2, 4), pad, row(6, 9), pad],
  ]);
});

test('normalize stretches the batch by its min and max, or each image by its own, or a given range', () => {
  const images = tensor([[[[0, 2]]], [[[4, 4]]]]); // [2, 1, 1, 2]
  const opts = { nrow: 2, padding: 0 };
  // Batch min 0, max 4: [0, 2, 4, 4] / 4.
  expectClose(imageGrid(images, { ...opts, normalize: true }), [[[0, 0.5, 1, 1]]]);
  // Each image: [0, 2] → [0, 1]; the constant [4, 4] has max − min = 0 and becomes 0.
  expectClose(imageGrid(images, { ...opts, normalize: true, scaleEach: true }), [[[0, 1, 0, 0]]]);
  // Range [0, 2]: clamp then divide by 2.
  expectClose(imageGrid(images, { ...opts, normalize: true, valueRange: [0, 2] }), [[[0, 1, 1, 1]]]);
});

test('filtersGrid shows one filter per row for many input channels, a square of colour tiles for 3', () => {
  // Weight [2 out, 2 in, 1, 2]; every tile [a, b] with a < b normalizes to [0, 1].
  const weight = tensor([
    [[[1, 3]], [[-2, 0]]],
    [[[5, 6]], [[0, 0.5]]],
  ]);
  const grid = filtersGrid(weight);
  // 2 rows · (1 + 1) + 1 = 5 high, 2 tiles · (2 + 1) + 1 = 7 wide.
  assert.deepEqual(grid.shape, [1, 5, 7]);
  expectClose(grid.toArray() as number[][][], [
    [
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ],
  ]);
  // 4 colour filters of 1×1: ⌈√4⌉ = 2 per row.
  assert.deepEqual(filtersGrid(zeros([4, 3, 1, 1])).shape, [3, 5, 5]);
});

test('activationGrid tiles the channels of a feature map in a square, each normalized', () => {
  const features = tensor([[[0, 1]], [[2, 4]], [[5, 5]]]); // [3 channels, 1, 2]
  const grid = activationGrid(features);
  // ⌈√3⌉ = 2 per row, 2 rows: [1, 2·2 + 1, 2·3 + 1].
  assert.deepEqual(grid.shape, [1, 5, 7]);
  expectClose(grid.toArray() as number[][][], [
    [
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0], // the constant channel becomes 0, the empty cell is padding
      [0, 0, 0, 0, 0, 0, 0],
    ],
  ]);
  assert.deepEqual(activationGrid(zeros([1, 4, 2, 2])).shape, [1, 7, 7]);
});

test('saveGrid writes the grid as a PNG, enlarged by upscale', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'nabla-grid-')), 'grid.png');
  saveGrid(path, tensor([0.2, 1], { shape: [2, 1, 1, 1] }), { nrow: 2, padding: 1, upscale: 2 });
  const back = readImage(path, { channels: 1 });
  // Grid [1, 3, 5], each pixel doubled: [1, 6, 10]; the first image's pixel is at rows 2–3, columns 2–3.
  assert.deepEqual(back.shape, [1, 6, 10]);
  expectClose(back.toArray() as number[][][], [
    [
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0.2, 0.2, 0, 0, 1, 1, 0, 0],
      [0, 0, 0.2, 0.2, 0, 0, 1, 1, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ],
  ]);
});

test('bad inputs fail with named errors', () => {
  assert.throws(
    () => imageGrid(zeros([2, 2])),
    (e: unknown) => e instanceof ShapeError && /imageGrid: images must be a non-empty/.test(e.message),
  );
  assert.throws(() => imageGrid(zeros([0, 1, 2, 2])), /got shape \[0, 1, 2, 2\]/);
  assert.throws(
    () => imageGrid(zeros([1, 1, 2, 2]), { nrow: 0 }),
    (e: unknown) => e instanceof ValueError && /nrow must be a positive integer, got 0/.test(e.message),
  );
  assert.throws(
    () => filtersGrid(zeros([2, 2])),
    /filtersGrid: weight must be \[out, in, kh, kw\], got shape \[2, 2\]/,
  );
  assert.throws(() => activationGrid(zeros([2, 3, 2, 2])), /activationGrid: featureMap must be/);
  assert.throws(
    () => saveGrid('/tmp/x.png', zeros([1, 1, 1, 1]), { upscale: 1.5 }),
    /saveGrid: upscale must be a positive integer, got 1.5/,
  );
});
