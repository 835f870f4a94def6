import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileFormatError, ShapeError, tensor } from '../index.js';
import { expectClose } from '../testing/index.js';
import { readImage, writeImage } from './image-io.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-vision-io-'));

test('writeImage then readImage round-trips an RGB tensor [3, H, W] at byte precision', () => {
  const path = join(dir, 'rgb.png');
  // Values that are exact bytes: 0, 51/255 = 0.2, 255/255 = 1.
  const image = tensor([[[0, 0.2]], [[1, 0.6]], [[0.4, 0.8]]]); // [3, 1, 2]
  writeImage(path, image);
  const back = readImage(path);
  assert.deepEqual(back.shape, [3, 1, 2]);
  assert.equal(back.dtype, 'float32');
  expectClose(back, image, { atol: 1e-6 });
  // Gray is the channel mean: pixel 0 (0 + 1 + 0.4) / 3 = 0.4667 → byte 119; pixel 1 (0.2 + 0.6 + 0.8) / 3 → 136.
  expectClose(readImage(path, { channels: 1 }), [[[119 / 255, 136 / 255]]]);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file is left behind',
  );
});

test('writeImage clamps to [0, 1], maps NaN to 0, and accepts [H, W] as gray', () => {
  const path = join(dir, 'gray.png');
  writeImage(path, tensor([[-1, 0.5, 2, Number.NaN]]));
  // 0.5 · 255 = 127.5 rounds to 128.
  expectClose(readImage(path, { channels: 1 }), [[[0, 128 / 255, 1, 0]]]);
});

test('readImage reads a hand-made P6 PPM as channel planes', () => {
  const path = join(dir, 'a.ppm');
  writeFileSync(path, Buffer.concat([Buffer.from('P6 2 1 255\n'), Buffer.from([255, 0, 51, 0, 102, 255])]));
  // Interleaved RGB, RGB → planes R = [255, 0], G = [0, 102], B = [51, 255], divided by 255.
  expectClose(readImage(path), [[[1, 0]], [[0, 0.4]], [[0.2, 1]]]);
});

test('bad shapes, bad options and corrupt files fail with named errors', () => {
  assert.throws(
    () => writeImage(join(dir, 'x.png'), tensor([[[[0]]]])),
    (e: unknown) => e instanceof ShapeError && /writeImage: image must be/.test(e.message),
  );
  assert.throws(() => writeImage(join(dir, 'x.png'), tensor([[[0]], [[0]]])), /got shape \[2, 1, 1\]/);
  assert.throws(
    () => readImage(join(dir, 'rgb.png'), { channels: 2 as 1 }),
    /readImage: channels must be 1 or 3, got 2/,
  );
  const bad = join(dir, 'bad.png');
  writeFileSync(bad, Buffer.from([0x89, 0x50, 0x4e, 0x47, 9, 9]));
  assert.throws(
    () => readImage(bad),
    (e: unknown) => e instanceof FileFormatError && e.file === bad && /is not a valid PNG/.test(e.message),
  );
  assert.throws(() => readImage(join(dir, 'missing.png')), /missing\.png: cannot be read: no such file/);
});
