import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileFormatError } from '../errors.js';
import { encodeGrayPng, readGrayImage } from './image.js';

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
