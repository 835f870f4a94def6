import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileFormatError } from '../errors.js';
import { readFileBytes, writeFileAtomic } from './files.js';

const folder = mkdtempSync(join(tmpdir(), 'nabla-files-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function fresh(name: string): string {
  const dir = join(folder, name);
  mkdirSync(dir);
  return dir;
}

test('writeFileAtomic writes bytes and strings', () => {
  const dir = fresh('write');
  writeFileAtomic(join(dir, 'a.bin'), new Uint8Array([1, 2, 3]));
  writeFileAtomic(join(dir, 'b.txt'), 'héllo');
  assert.deepEqual([...readFileSync(join(dir, 'a.bin'))], [1, 2, 3]);
  assert.equal(readFileSync(join(dir, 'b.txt'), 'utf8'), 'héllo');
  assert.deepEqual(readdirSync(dir).sort(), ['a.bin', 'b.txt']);
});

test('writeFileAtomic replaces the target whole, even with a shorter file', () => {
  const dir = fresh('replace');
  const target = join(dir, 'w.bin');
  writeFileSync(target, new Uint8Array(1000).fill(7));
  writeFileAtomic(target, new Uint8Array([9, 9]));
  assert.deepEqual([...readFileSync(target)], [9, 9]);
  assert.deepEqual(readdirSync(dir), ['w.bin']);
});

test('writeFileAtomic writes a subarray, not its whole buffer', () => {
  const dir = fresh('subarray');
  const target = join(dir, 's.bin');
  writeFileAtomic(target, new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 3));
  assert.deepEqual([...readFileSync(target)], [1, 2]);
});

test('writeFileAtomic into a missing folder throws and leaves nothing behind', () => {
  const dir = fresh('missing');
  assert.throws(() => writeFileAtomic(join(dir, 'nope', 'x.bin'), 'x'), { code: 'ENOENT' });
  assert.deepEqual(readdirSync(dir), []);
});

test('writeFileAtomic removes its temporary file when the rename fails', () => {
  const dir = fresh('rename-fails');
  // A non-empty folder at the target path: the temporary file is written, the rename refuses.
  const target = join(dir, 'target');
  mkdirSync(target);
  writeFileSync(join(target, 'keep'), 'x');
  assert.throws(() => writeFileAtomic(target, new Uint8Array([1])));
  assert.deepEqual(readdirSync(dir), ['target']);
  assert.deepEqual(readdirSync(target), ['keep']);
});

test('readFileBytes returns the bytes as a plain Uint8Array', () => {
  const dir = fresh('read');
  writeFileSync(join(dir, 'r.bin'), new Uint8Array([5, 6]));
  const bytes = readFileBytes(join(dir, 'r.bin'));
  assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype);
  assert.deepEqual([...bytes], [5, 6]);
});

test('readFileBytes of a missing file throws FileFormatError naming it', () => {
  const file = join(folder, 'does-not-exist.bin');
  assert.throws(
    () => readFileBytes(file),
    (error: unknown) => {
      assert.ok(error instanceof FileFormatError);
      assert.equal(error.file, file);
      assert.match(error.message, /cannot be read: no such file/);
      assert.ok(error.message.includes(file));
      return true;
    },
  );
});

test('readFileBytes of a folder throws FileFormatError', () => {
  assert.throws(() => readFileBytes(folder), FileFormatError);
});
