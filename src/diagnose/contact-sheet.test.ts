import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, tensor } from '../index.js';
import { contactSheet } from './contact-sheet.js';
import { drawText, fontCharacters } from './tiny-font.js';

test('drawText sets the glyph pixels in the colour, scaled and clipped', () => {
  const rgb = new Uint8Array(4 * 5 * 3);
  drawText(rgb, 4, 5, '1', 0, 0, [9, 8, 7]);
  // '1' is 010 / 110 / 010 / 010 / 111.
  const on = (x: number, y: number) => rgb[(y * 4 + x) * 3] === 9;
  const rows = [0, 1, 2, 3, 4].map((y) => [0, 1, 2].map((x) => (on(x, y) ? '1' : '0')).join(''));
  assert.deepEqual(rows, ['010', '110', '010', '010', '111']);
  assert.deepEqual([...rgb.subarray(3, 6)], [9, 8, 7]);
  const big = new Uint8Array(2 * 2 * 3);
  drawText(big, 2, 2, '1', -2, 0, [1, 1, 1], 2); // the top-middle pixel lands at (0..1, 0..1)
  assert.deepEqual([...big], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.equal(fontCharacters, '0123456789>%.- ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  // Small letters are drawn as capitals.
  const [lower, upper] = [new Uint8Array(8 * 5 * 3), new Uint8Array(8 * 5 * 3)];
  drawText(lower, 8, 5, 'ok', 0, 0, [1, 2, 3]);
  drawText(upper, 8, 5, 'OK', 0, 0, [1, 2, 3]);
  assert.deepEqual(lower, upper);
  assert.ok(upper.some((v) => v !== 0));
});

test('contactSheet: images dark on white in a grid, a red caption under each', () => {
  const sheet = contactSheet(
    [
      {
        image: tensor([
          [0, 1],
          [0.5, 0],
        ]),
        caption: '7',
      },
      {
        image: tensor([
          [
            [1, 1],
            [1, 1],
          ],
        ]),
        caption: '',
      },
      {
        image: tensor([
          [0, 0],
          [0, 0],
        ]),
        caption: '',
      },
    ],
    { columns: 2, scale: 1 },
  );
  // Cells are max(2, 4 for the caption '7') + 6 wide (images 3 in) and 2 + 7 + 1 tall; 2 columns, 2 rows.
  assert.deepEqual([sheet.width, sheet.height, sheet.channels], [20, 20, 3]);
  const px = (x: number, y: number) => [...sheet.data.subarray((y * 20 + x) * 3, (y * 20 + x) * 3 + 3)];
  assert.deepEqual(px(3, 1), [255, 255, 255]); // value 0: white
  assert.deepEqual(px(4, 1), [0, 0, 0]); // value 1: black
  assert.deepEqual(px(3, 2), [128, 128, 128]); // 0.5
  assert.deepEqual(px(13, 1), [0, 0, 0]); // the second image, all ink
  // '7' starts 111 on the caption's first row, at y = 1 + 2 + 1.
  assert.deepEqual(
    [px(3, 4), px(4, 4), px(5, 4)],
    [
      [200, 0, 0],
      [200, 0, 0],
      [200, 0, 0],
    ],
  );
  assert.deepEqual(px(4, 11), [255, 255, 255]); // the third image, blank, in the second row
  assert.throws(
    () =>
      contactSheet([
        { image: tensor([[0, 0]]), caption: '' },
        { image: tensor([[0], [0]]), caption: '' },
      ]),
    new ShapeError('contactSheet: entries[1].image has shape [2, 1], expected [1, 2] like the first'),
  );
});
