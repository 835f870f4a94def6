import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DatasetError } from '../errors.js';
import { decodeIdx, readIdx } from './idx.js';

const folder = mkdtempSync(join(tmpdir(), 'nabla-idx-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, bytes: number[]): string {
  const path = join(folder, name);
  writeFileSync(path, new Uint8Array(bytes));
  return path;
}

function assertDatasetError(fn: () => unknown, file: string, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DatasetError, `expected DatasetError, got ${String(error)}`);
    assert.equal(error.file, file);
    assert.ok(error.message.startsWith(`${file}: `));
    assert.match(error.message, message);
    return true;
  });
}

// A 2×3 image: magic 00 00 08 02, dims 2 and 3 as big-endian u32, then 6 pixels.
const image = [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 10, 20, 30, 40, 50, 255];

test('readIdx reads a 2×3 ubyte array', () => {
  const { shape, data } = readIdx(write('image.idx', image));
  assert.deepEqual(shape, [2, 3]);
  assert.deepEqual(data, new Uint8Array([10, 20, 30, 40, 50, 255]));
});

test('readIdx reads big-endian sizes above 255', () => {
  // 300 = 0x0000012c
  const labels = [0, 0, 8, 1, 0, 0, 0x01, 0x2c, ...new Array(300).fill(7)];
  const { shape, data } = readIdx(write('labels.idx', labels));
  assert.deepEqual(shape, [300]);
  assert.equal(data.length, 300);
  assert.equal(data[299], 7);
});

test('decodeIdx accepts zero-size arrays', () => {
  assert.deepEqual(decodeIdx(new Uint8Array([0, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0, 28])), {
    shape: [0, 28],
    data: new Uint8Array(0),
  });
});

test('a truncated file names the expected and actual byte counts', () => {
  const path = write('truncated.idx', image.slice(0, -2));
  assertDatasetError(() => readIdx(path), path, /expected 18 bytes for shape \[2, 3\], got 16 \(truncated\)/);
});

test('trailing bytes are rejected', () => {
  const path = write('long.idx', [...image, 0]);
  assertDatasetError(
    () => readIdx(path),
    path,
    /expected 18 bytes for shape \[2, 3\], got 19 \(trailing bytes\)/,
  );
});

test('a header cut inside the sizes is rejected', () => {
  const path = write('short-header.idx', [0, 0, 8, 3, 0, 0, 0, 2, 0]);
  assertDatasetError(() => readIdx(path), path, /expected 16 header bytes for 3 dimensions, got 9/);
  assertDatasetError(() => decodeIdx(new Uint8Array([0, 0]), 'x'), 'x', /at least 4 bytes/);
});

test('a bad magic number is rejected', () => {
  const path = write('magic.idx', [1, 0, 8, 1, 0, 0, 0, 0]);
  assertDatasetError(() => readIdx(path), path, /two zero bytes, got 0x01 0x00/);
});

test('type codes other than 0x08 are rejected by name', () => {
  assertDatasetError(
    () => decodeIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'f'),
    'f',
    /got 0x0d \(float\)/,
  );
  assertDatasetError(
    () => decodeIdx(new Uint8Array([0, 0, 0x42, 1, 0, 0, 0, 0]), 'f'),
    'f',
    /unknown type 0x42/,
  );
});

test('zero dimensions are rejected', () => {
  assertDatasetError(() => decodeIdx(new Uint8Array([0, 0, 8, 0, 5]), 'z'), 'z', /at least 1, got 0/);
});

test('a missing file throws DatasetError naming it', () => {
  const path = join(folder, 'nope.idx');
  assertDatasetError(() => readIdx(path), path, /cannot be read: no such file/);
});
