import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DatasetError } from '../errors.js';
import { loadMnistRaw } from './mnist.js';

const folder = mkdtempSync(join(tmpdir(), 'nabla-mnist-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function histogram(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

// The class counts every MNIST description quotes.
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

test('the training split: 60,000 digits, first label 5', () => {
  const { images, labels, count, rows, cols } = loadMnistRaw('train');
  assert.equal(count, 60000);
  assert.equal(images.length, 60000 * 28 * 28);
  assert.equal(labels.length, 60000);
  assert.deepEqual([rows, cols], [28, 28]);
  assert.equal(labels[0], 5);
  assert.ok(labels.every((label) => label <= 9));
  const counts = histogram(labels);
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    60000,
  );
  assert.deepEqual(counts, TRAIN_COUNTS);
  assert.ok(images.some((pixel) => pixel === 255) && images[0] === 0); // ink and a blank corner
});

test('the test split: 10,000 digits, first label 7', () => {
  const { images, labels, count } = loadMnistRaw('test');
  assert.equal(count, 10000);
  assert.equal(images.length, 10000 * 28 * 28);
  assert.equal(labels[0], 7);
  const counts = histogram(labels);
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    10000,
  );
  assert.deepEqual(counts, TEST_COUNTS);
});

// --- A fake package folder: IDX files written by hand. ---

function idx(dims: number[], data: number[]): Uint8Array {
  const header = [
    0,
    0,
    8,
    dims.length,
    ...dims.flatMap((d) => [(d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255]),
  ];
  return new Uint8Array([...header, ...data]);
}

function fakeFolder(name: string, images: Uint8Array, labels: Uint8Array): string {
  const dir = join(folder, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), images);
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), labels);
  return dir;
}

const twoImages = () => idx([2, 28, 28], new Array(2 * 28 * 28).fill(1));

function assertDatasetError(fn: () => unknown, file: string, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DatasetError, `expected DatasetError, got ${String(error)}`);
    assert.equal(error.file, file);
    assert.match(error.message, message);
    return true;
  });
}

test('a folder of small valid files loads', () => {
  const dir = fakeFolder('valid', twoImages(), idx([2], [3, 9]));
  const { count, labels, images } = loadMnistRaw('test', dir);
  assert.equal(count, 2);
  assert.deepEqual(labels, new Uint8Array([3, 9]));
  assert.equal(images.length, 2 * 784);
});

test('a truncated images file throws DatasetError naming it', () => {
  const dir = fakeFolder('truncated-images', twoImages().subarray(0, 1000), idx([2], [3, 9]));
  const file = join(dir, 't10k-images-idx3-ubyte');
  assertDatasetError(
    () => loadMnistRaw('test', dir),
    file,
    /expected 1584 bytes for shape \[2, 28, 28\], got 1000/,
  );
});

test('a truncated labels file throws DatasetError naming it', () => {
  const dir = fakeFolder('truncated-labels', twoImages(), idx([2], [3, 9]).subarray(0, 9));
  const file = join(dir, 't10k-labels-idx1-ubyte');
  assertDatasetError(() => loadMnistRaw('test', dir), file, /expected 10 bytes for shape \[2\], got 9/);
});

test('a missing file throws DatasetError naming it', () => {
  const dir = join(folder, 'empty');
  mkdirSync(dir);
  assertDatasetError(
    () => loadMnistRaw('train', dir),
    join(dir, 'train-images-idx3-ubyte'),
    /cannot be read/,
  );
});

test('image and label counts must agree', () => {
  const dir = fakeFolder('mismatch', twoImages(), idx([3], [1, 2, 3]));
  assertDatasetError(
    () => loadMnistRaw('test', dir),
    join(dir, 't10k-labels-idx1-ubyte'),
    /holds 3 labels but .* holds 2 images/,
  );
});

test('images must be 28×28 and labels digits', () => {
  const small = fakeFolder('small', idx([1, 2, 2], [0, 0, 0, 0]), idx([1], [0]));
  assertDatasetError(
    () => loadMnistRaw('test', small),
    join(small, 't10k-images-idx3-ubyte'),
    /expected MNIST images \[count, 28, 28\], got shape \[1, 2, 2\]/,
  );
  const badLabel = fakeFolder('bad-label', twoImages(), idx([2], [1, 10]));
  assertDatasetError(
    () => loadMnistRaw('test', badLabel),
    join(badLabel, 't10k-labels-idx1-ubyte'),
    /label 1 is 10/,
  );
});
