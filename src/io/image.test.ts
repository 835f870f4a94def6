import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { FileFormatError } from '../errors.js';
import { encodeGrayPng, encodePng, readGrayImage, readRasterImage, writePng } from './image.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-image-'));

test('a gray PNG round-trips through encodeGrayPng and readGrayImage', () => {
  const path = join(dir, 'a.png');
  writeFileSync(
    path,
    encodeGrayPng({ width: 3, height: 2, data: new Uint8Array([0, 128, 255, 10, 20, 30]) }),
  );
  const image = readGrayImage(path);
  assert.equal(image.width, 3);
  assert.equal(image.height, 2);
  assert.deepEqual([...image.data], [0, 128, 255, 10, 20, 30]);
});

test('binary P5 and ASCII P2 PGM files with comments are read and scaled to 0–255', () => {
  const p5 = join(dir, 'a.pgm');
  writeFileSync(
    p5,
    Buffer.concat([Buffer.from('P5\n# made by hand\n2 2\n15\n'), Buffer.from([0, 15, 5, 10])]),
  );
  assert.deepEqual([...readGrayImage(p5).data], [0, 255, 85, 170]);
  const p2 = join(dir, 'b.pgm');
  writeFileSync(p2, 'P2 2 1 255\n7 200\n');
  assert.deepEqual([...readGrayImage(p2).data], [7, 200]);
});

test('truncated, unknown and corrupt images give one FileFormatError naming the file', () => {
  const cases: [string, Buffer | string, RegExp][] = [
    [
      'short.pgm',
      Buffer.concat([Buffer.from('P5 4 4 255\n'), Buffer.from([1, 2, 3])]),
      /short\.pgm: is truncated: expected 16 pixel bytes, got 3/,
    ],
    ['x.txt', 'hello', /x\.txt: is neither a PNG nor a PGM/],
    ['bad.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), /bad\.png: is not a valid PNG/],
    ['deep.pgm', 'P2 1 1 65535\n1\n', /deep\.pgm: has PGM maxval 65535/],
  ];
  for (const [name, content, message] of cases) {
    const path = join(dir, name);
    writeFileSync(path, content);
    assert.throws(
      () => readGrayImage(path),
      (e: unknown) => e instanceof FileFormatError && message.test(e.message),
    );
  }
});

test('an RGB PNG round-trips through writePng and readRasterImage, and reads as gray by the channel mean', () => {
  const path = join(dir, 'rgb.png');
  // Two pixels: pure red, then (30, 60, 90).
  writePng(path, { width: 2, height: 1, channels: 3, data: new Uint8Array([255, 0, 0, 30, 60, 90]) });
  const image = readRasterImage(path, 3);
  assert.deepEqual([image.width, image.height, image.channels], [2, 1, 3]);
  assert.deepEqual([...image.data], [255, 0, 0, 30, 60, 90]);
  // gray = round((r + g + b) / 3): 255/3 = 85, 180/3 = 60.
  assert.deepEqual([...readRasterImage(path, 1).data], [85, 60]);
});

test('a gray image reads as RGB by repetition, and transparency is composited on black', () => {
  const gray = join(dir, 'g.png');
  writeFileSync(gray, encodePng({ width: 2, height: 1, channels: 1, data: new Uint8Array([7, 200]) }));
  assert.deepEqual([...readRasterImage(gray, 3).data], [7, 7, 7, 200, 200, 200]);
  const png = new PNG({ width: 1, height: 1 });
  png.data.set([200, 100, 50, 128]); // alpha 128/255 ≈ 0.502: 200·0.502 = 100.4 → 100, 100 → 50, 50 → 25
  const half = join(dir, 'half.png');
  writeFileSync(half, PNG.sync.write(png));
  assert.deepEqual([...readRasterImage(half, 3).data], [100, 50, 25]);
});

test('binary P6 and ASCII P3 PPM files are read as RGB', () => {
  const p6 = join(dir, 'a.ppm');
  writeFileSync(
    p6,
    Buffer.concat([Buffer.from('P6\n# colour\n2 1\n255\n'), Buffer.from([1, 2, 3, 4, 5, 6])]),
  );
  assert.deepEqual([...readRasterImage(p6, 3).data], [1, 2, 3, 4, 5, 6]);
  const p3 = join(dir, 'b.ppm');
  writeFileSync(p3, 'P3 1 1 15\n15 0 5\n'); // scaled by 255/15 = 17
  assert.deepEqual([...readRasterImage(p3, 3).data], [255, 0, 85]);
  const short = join(dir, 'short.ppm');
  writeFileSync(short, Buffer.concat([Buffer.from('P6 2 2 255\n'), Buffer.from([1, 2, 3])]));
  assert.throws(() => readRasterImage(short), /short\.ppm: is truncated: expected 12 pixel bytes, got 3/);
});

test('a JPEG is decoded to RGB (lossy, so within a few levels), and a corrupt one names the file', () => {
  const path = join(dir, 'flat.jpg');
  const rgba = new Uint8Array(8 * 8 * 4);
  for (let p = 0; p < 64; p++) rgba.set([200, 40, 90, 255], 4 * p);
  writeFileSync(path, encodeJpeg({ width: 8, height: 8, data: rgba }, 100).data);
  const image = readRasterImage(path, 3);
  assert.deepEqual([image.width, image.height, image.channels], [8, 8, 3]);
  for (let p = 0; p < 64; p++) {
    for (const [c, v] of [200, 40, 90].entries()) {
      assert.ok(Math.abs(image.data[3 * p + c]! - v) <= 3, `pixel ${p} channel ${c}`);
    }
  }
  const bad = join(dir, 'bad.jpg');
  writeFileSync(bad, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2]));
  assert.throws(
    () => readRasterImage(bad),
    (e: unknown) => e instanceof FileFormatError && /bad\.jpg: is not a valid JPEG/.test(e.message),
  );
});

test('decompression bombs are refused from their header, before decoding, with the size and the limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-bombs-'));
  const file = (name: string, bytes: Uint8Array | string): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  // A PNG signature and an IHDR claiming 100,000 × 100,000 (no pixel data needed to refuse it).
  const png = new Uint8Array(33);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(png.buffer).setUint32(16, 100_000);
  new DataView(png.buffer).setUint32(20, 100_000);
  // A JPEG whose start-of-frame says 65,535 × 65,535.
  const jpeg = Uint8Array.of(
    0xff,
    0xd8,
    0xff,
    0xc0,
    0,
    17,
    8,
    0xff,
    0xff,
    0xff,
    0xff,
    3,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  );
  const cases: [string, string, RegExp][] = [
    [file('bomb.png', png), 'PNG', /is 100000×100000 = 10000000000 pixels, above the limit of 25000000/],
    [file('bomb.jpg', jpeg), 'JPEG', /is 65535×65535 = 4294836225 pixels, above the limit/],
    [file('bomb.pgm', 'P5 100000 100000 255\n'), 'PGM', /is 100000×100000 = 10000000000 pixels/],
    [file('empty.pgm', 'P5 0 5 255\n'), 'empty PGM', /is an empty image \(0×5\)/],
    [
      file('short.pgm', 'P2 2 2 255 1 2 3'),
      'truncated ASCII PGM',
      /is truncated: expected 4 pixel values, got 3/,
    ],
  ];
  for (const [path, what, message] of cases) {
    const before = process.memoryUsage().rss;
    assert.throws(
      () => readGrayImage(path),
      (e: unknown) => e instanceof FileFormatError && e.file === path && message.test(e.message),
      what,
    );
    assert.ok(process.memoryUsage().rss - before < 50e6, `${what}: nothing large allocated`);
  }
  // The limit is an option: a small one refuses an ordinary image.
  const small = file('small.pgm', 'P5 4 4 255\n0123456789abcdef');
  assert.equal(readGrayImage(small).width, 4);
  assert.throws(() => readGrayImage(small, { maxPixels: 8 }), /is 4×4 = 16 pixels, above the limit of 8/);
});
