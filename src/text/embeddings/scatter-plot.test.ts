import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readRasterImage, ShapeError } from '../../index.js';
import { glyphPixel } from './glyphs.js';
import { scatterPlot, writeScatterPlot } from './scatter-plot.js';

const folder = mkdtempSync(join(tmpdir(), 'nabla-scatter-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const pixel = (image: { width: number; data: Uint8Array }, x: number, y: number): number[] =>
  Array.from(image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3));

test('glyphs: 5 × 7 bitmaps, capitals for lower case, a box for unknown characters', () => {
  // 'a' row 0 is 01110, row 3 is 11111
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((x) => glyphPixel('a', x, 0)),
    [false, true, true, true, false],
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((x) => glyphPixel('A', x, 3)),
    [true, true, true, true, true],
  );
  assert.deepEqual(
    [0, 2, 4].map((x) => glyphPixel('€', x, 0)),
    [true, true, true],
  );
  assert.equal(glyphPixel('€', 2, 3), false);
});

test('scatterPlot puts each point and its label where the scaling says', () => {
  // 200 × 200, margin 20, 60 px kept for labels: x 0 → 20, x 1 → 120; y 0 → 180, y 1 → 20.
  const image = scatterPlot([0, 0, 1, 1], ['w', 'i'], { width: 200, height: 200, scale: 1 });
  assert.deepEqual(pixel(image, 20, 180), [31, 119, 180]);
  assert.deepEqual(pixel(image, 120, 20), [31, 119, 180]);
  assert.deepEqual(pixel(image, 60, 100), [255, 255, 255]);
  // 'w' starts 5 px right of its point, centred on it vertically (top = 180 − 3): row 0 is 10001.
  assert.deepEqual(pixel(image, 25, 177), [0, 0, 0]);
  assert.deepEqual(pixel(image, 26, 177), [255, 255, 255]);
  assert.deepEqual(pixel(image, 29, 177), [0, 0, 0]);
  // 'i' row 0 is 01110 at x 125..129, y 17
  assert.deepEqual(pixel(image, 126, 17), [0, 0, 0]);
  assert.throws(() => scatterPlot([0, 0, 1], ['a', 'b']), ShapeError);
});

test('scatterPlot keeps room on the right for the longest label', () => {
  // 'economic' at scale 2: 5 + 8 · 6 · 2 = 101 px kept, so x 1 → 400 − 20 − 101 = 279.
  const image = scatterPlot([0, 0, 1, 1], ['a', 'economic'], { width: 400, height: 100 });
  assert.deepEqual(pixel(image, 279, 20), [31, 119, 180]);
  // Its last letter 'c' starts at 279 + 5 + 7 · 12 = 368, top row 01110 at 2 px per pixel: ink at x 370–375.
  assert.deepEqual(pixel(image, 371, 13), [0, 0, 0]);
});

test('writeScatterPlot writes a PNG that decodes to the same image', () => {
  const file = join(folder, 'plot.png');
  writeScatterPlot(file, [0, 0, 1, 1, 0.5, 0.2], ['war', 'peace', 'tax'], { width: 300, height: 200 });
  const decoded = readRasterImage(file);
  assert.equal(decoded.width, 300);
  assert.equal(decoded.height, 200);
  assert.deepEqual(
    decoded.data,
    scatterPlot([0, 0, 1, 1, 0.5, 0.2], ['war', 'peace', 'tax'], { width: 300, height: 200 }).data,
  );
});
