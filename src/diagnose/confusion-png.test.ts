import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodePng, type RasterImage, readRasterImage, ShapeError, tensor, ValueError } from '../index.js';
import { confusionMatrixImage, confusionMatrixPng } from './confusion-png.js';

// With the default scale 2 and labels/counts of up to 4 characters: cells of (4·4 − 1)·2 + 8 = 38
// pixels, a 36-pixel label column on the left, 30 pixels of titles and labels on top, a 2-pixel edge.
const cell = 38;
const left = 36;
const gridTop = 30;
const rgbAt = (img: RasterImage, x: number, y: number) => [
  ...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3),
];
// A pixel inside cell (i, j) away from its centred text.
const cellColour = (img: RasterImage, i: number, j: number) =>
  rgbAt(img, left + j * cell + 1, gridTop + i * cell + 1);
const brightness = (c: number[]) => c[0]! + c[1]! + c[2]!;

test('confusionMatrixImage grows with the class count: cells of 38 pixels after the label margins', () => {
  for (const n of [2, 3, 5]) {
    const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 9 : 1)));
    const img = confusionMatrixImage(m);
    assert.deepEqual([img.width, img.height, img.channels], [left + n * cell + 2, gridTop + n * cell + 2, 3]);
    assert.equal(img.data.length, img.width * img.height * 3);
  }
  // Wider cells for longer counts or labels: '12345' is 5 characters, (5·4 − 1)·2 + 8 = 46 pixels.
  const wide = confusionMatrixImage([
    [12345, 0],
    [0, 1],
  ]);
  assert.equal(wide.width, left + 2 * 46 + 2);
});

test('a cell with a higher count is darker; the largest is dark blue, zero is white', () => {
  const img = confusionMatrixImage(
    tensor(
      [
        [50, 10],
        [25, 0],
      ],
      { dtype: 'int32' },
    ),
  );
  const [a, b, c, d] = [
    cellColour(img, 0, 0),
    cellColour(img, 0, 1),
    cellColour(img, 1, 0),
    cellColour(img, 1, 1),
  ];
  assert.deepEqual(a, [8, 48, 107]);
  assert.deepEqual(d, [255, 255, 255]);
  // 10/50 of the way: 255 + 0.2·(8 − 255) = 205.6 → 206, and so on.
  assert.deepEqual(b, [206, 214, 225]);
  assert.deepEqual(c, [132, 152, 181]);
  assert.ok(brightness(a) < brightness(c) && brightness(c) < brightness(b) && brightness(b) < brightness(d));
  // The count is written in each cell: white on the dark cell, dark on the light ones.
  const inCell = (i: number, j: number) => {
    const seen = new Set<string>();
    for (let y = gridTop + i * cell; y < gridTop + (i + 1) * cell; y++)
      for (let x = left + j * cell; x < left + (j + 1) * cell; x++) seen.add(rgbAt(img, x, y).join());
    return seen;
  };
  assert.deepEqual(inCell(0, 0), new Set(['8,48,107', '255,255,255']));
  assert.deepEqual(inCell(1, 1), new Set(['255,255,255', '30,30,30']));
});

test('a diagonal-only matrix colours only the diagonal cells', () => {
  const n = 4;
  const img = confusionMatrixImage(
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 7 : 0))),
  );
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      assert.deepEqual(cellColour(img, i, j), i === j ? [8, 48, 107] : [255, 255, 255], `${i},${j}`);
  // Outside the diagonal cells there is no blue at all: only white and the dark ink of the text.
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const [i, j] = [Math.floor((y - gridTop) / cell), Math.floor((x - left) / cell)];
      const onDiagonal = y >= gridTop && x >= left && i === j && i < n;
      if (!onDiagonal) assert.ok(['255,255,255', '30,30,30'].includes(rgbAt(img, x, y).join()), `${x},${y}`);
    }
});

test('normalize colours by share of the true class (rows), the predicted class or all', () => {
  // Row 0 has 90 of 100 right, row 1 has 9 of 10: counts differ 10×, recalls nearly equal.
  const m = [
    [90, 10],
    [1, 9],
  ];
  const counts = confusionMatrixImage(m);
  assert.ok(brightness(cellColour(counts, 1, 1)) > brightness(cellColour(counts, 0, 0)) + 300);
  const rows = confusionMatrixImage(m, { normalize: 'true' });
  assert.deepEqual(cellColour(rows, 0, 0), cellColour(rows, 1, 1)); // both 90%
  assert.deepEqual(cellColour(rows, 0, 1), cellColour(rows, 1, 0)); // both 10%
  const cols = confusionMatrixImage(m, { normalize: 'pred' });
  assert.deepEqual(cellColour(cols, 0, 0), [8, 48, 107]); // 90/91 is the largest share
  const all = confusionMatrixImage(m, { normalize: 'all' });
  assert.deepEqual(cellColour(all, 0, 0), cellColour(counts, 0, 0));
  assert.deepEqual(cellColour(all, 0, 1), cellColour(counts, 0, 1));
});

test('labels go on both axes; confusionMatrixPng writes the same image as a PNG file', () => {
  const img = confusionMatrixImage(
    [
      [3, 1],
      [2, 4],
    ],
    { labels: ['cat', 'dog'] },
  );
  const inked = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) if (rgbAt(img, x, y).join() === '30,30,30') return true;
    return false;
  };
  assert.ok(inked(0, gridTop, left, gridTop + cell)); // row label 'cat'
  assert.ok(inked(0, gridTop + cell, left, gridTop + 2 * cell)); // row label 'dog', beside its own row
  const inkIn = (x0: number, y0: number) =>
    Array.from({ length: cell * left }, (_, k) =>
      rgbAt(img, x0 + (k % left), y0 + Math.floor(k / left)).join(),
    ).join(';');
  assert.notEqual(inkIn(0, gridTop), inkIn(0, gridTop + cell)); // 'cat' and 'dog' differ
  assert.ok(inked(left, 16, left + cell, gridTop)); // column label 'cat'
  assert.ok(!inked(0, gridTop + 2 * cell, img.width, img.height)); // nothing below the grid
  const dir = mkdtempSync(join(tmpdir(), 'nabla-confusion-'));
  try {
    const path = join(dir, 'c.png');
    confusionMatrixPng(
      [
        [3, 1],
        [2, 4],
      ],
      path,
      { labels: ['cat', 'dog'] },
    );
    assert.deepEqual(new Uint8Array(readFileSync(path)), encodePng(img));
    const back = readRasterImage(path);
    assert.deepEqual([back.width, back.height], [img.width, img.height]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('confusionMatrixImage rejects non-square or negative matrices and bad options with typed errors', () => {
  const bad: [() => unknown, typeof ShapeError | typeof ValueError, RegExp][] = [
    [
      () =>
        confusionMatrixImage(
          tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ShapeError,
      /confusionMatrixImage: matrix must be square \[C, C\], got \[2, 3\]/,
    ],
    [() => confusionMatrixImage(tensor([1, 2])), ShapeError, /matrix must be square \[C, C\], got \[2\]/],
    [
      () => confusionMatrixImage([[1, 2], [3]]),
      ShapeError,
      /matrix must be square \[C, C\], got 2 rows of lengths \[2, 1\]/,
    ],
    [() => confusionMatrixImage([]), ShapeError, /at least one class, got \[0, 0\]/],
    [
      () =>
        confusionMatrixImage([
          [1, -2],
          [3, 4],
        ]),
      ValueError,
      /confusionMatrixImage: matrix\[0\]\[1\] must be a finite count ≥ 0, got -2/,
    ],
    [
      () =>
        confusionMatrixImage(
          tensor([
            [1, 2],
            [Number.NaN, 4],
          ]),
        ),
      ValueError,
      /matrix\[1\]\[0\] must be a finite count ≥ 0, got NaN/,
    ],
    [
      () => confusionMatrixImage('1,2' as never),
      ValueError,
      /matrix must be a Tensor or an array of rows, got string/,
    ],
    [
      () =>
        confusionMatrixImage(
          [
            [1, 0],
            [0, 1],
          ],
          { labels: ['a'] },
        ),
      ShapeError,
      /labels must be 2 strings \(one per class\), got 1 values/,
    ],
    [
      () => confusionMatrixImage([[1]], { normalize: 'rows' as never }),
      ValueError,
      /normalize must be 'true', 'pred' or 'all', got 'rows'/,
    ],
    [() => confusionMatrixImage([[1]], { scale: 0 }), ValueError, /scale must be a positive integer, got 0/],
  ];
  for (const [f, type, message] of bad)
    assert.throws(f, (e: unknown) => e instanceof type && message.test((e as Error).message), message.source);
});
