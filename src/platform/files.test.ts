import assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { FileFormatError, FileWriteError } from '../errors.js';
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
  const target = join(dir, 'nope', 'x.bin');
  assert.throws(
    () => writeFileAtomic(target, 'x'),
    (e: unknown) =>
      e instanceof FileWriteError &&
      e.file === target &&
      /cannot be written: its folder does not exist$/.test(e.message),
  );
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

test('writeFileAtomic removes temporaries a killed save of the same target left, and no others', () => {
  const dir = fresh('debris');
  const target = join(dir, 'model.safetensors');
  // A pid no process has (above the kernel's pid_max), one of this live process, another target's.
  const dead = join(dir, '.model.safetensors.99999999.abcdef.tmp');
  const live = join(dir, `.model.safetensors.${process.pid}.abcdef.tmp`);
  const other = join(dir, '.other.safetensors.99999999.abcdef.tmp');
  for (const f of [dead, live, other]) writeFileSync(f, 'partial');
  writeFileAtomic(target, 'new');
  assert.deepEqual(readdirSync(dir).sort(), [basename(live), basename(other), 'model.safetensors'].sort());
});

test("writeFileAtomic keeps an existing file's permission bits and writes through a symbolic link", () => {
  const dir = fresh('mode-link');
  const target = join(dir, 'private.bin');
  writeFileSync(target, 'old');
  chmodSync(target, 0o600);
  writeFileAtomic(target, 'new');
  assert.equal(statSync(target).mode & 0o777, 0o600);
  const link = join(dir, 'latest.bin');
  symlinkSync('private.bin', link);
  writeFileAtomic(link, 'through');
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
  assert.equal(readFileSync(target, 'utf8'), 'through');
  assert.equal(statSync(target).mode & 0o777, 0o600);
});
