import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileFormatError } from '../../index.js';
import { formatFloat32 } from './file-stream.js';
import { KeyedVectors } from './keyed-vectors.js';
import { readGlove, readWord2vec, writeGlove, writeWord2vec } from './vector-files.js';

const folder = mkdtempSync(join(tmpdir(), 'nabla-vector-files-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const path = (name: string): string => join(folder, name);

const kv = new KeyedVectors(['the', 'état', 'x'], new Float32Array([0.1, -2, 3.5, 0, 1e-8, 0.333333343267]));

function sameVectors(a: KeyedVectors, b: KeyedVectors): void {
  assert.deepEqual(a.words, b.words);
  assert.equal(a.dim, b.dim);
  assert.deepEqual([...a.vectors], [...b.vectors]);
}

/** Asserts that `f` throws a FileFormatError whose message is exactly `message`. */
function failsWith(f: () => unknown, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof FileFormatError, String(e));
    assert.equal(e.message, message);
    return true;
  });
}

test('formatFloat32 writes the shortest decimal that reads back as the same float32', () => {
  assert.equal(formatFloat32(Math.fround(0.1)), '0.1');
  assert.equal(formatFloat32(Math.fround(1 / 3)), '0.33333334');
  assert.equal(formatFloat32(-2), '-2');
  assert.equal(formatFloat32(Math.fround(1e-8)), '1e-8');
});

test('word2vec text: exact layout and a lossless round trip', () => {
  writeWord2vec(kv, path('v.txt'));
  assert.equal(readFileSync(path('v.txt'), 'utf8'), '3 2\nthe 0.1 -2\nétat 3.5 0\nx 1e-8 0.33333334\n');
  sameVectors(readWord2vec(path('v.txt')), kv);
  assert.deepEqual(readdirSync(folder), ['v.txt']); // no temporary file left
});

test('word2vec binary: exact layout and a lossless round trip', () => {
  writeWord2vec(kv, path('v.bin'));
  const bytes = readFileSync(path('v.bin'));
  // "3 2\n" then "the " + 8 bytes + "\n", "état " (6 bytes in UTF-8) + 8 + "\n", "x " + 8 + "\n"
  assert.equal(bytes.length, 4 + (4 + 8 + 1) + (6 + 8 + 1) + (2 + 8 + 1));
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), '3 2\nthe ');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(view.getFloat32(8, true), Math.fround(0.1));
  assert.equal(view.getFloat32(12, true), -2);
  sameVectors(readWord2vec(path('v.bin')), kv);
  // As gensim writes it: no newline after each record.
  const gensimStyle = Buffer.concat([
    Buffer.from('2 1\na '),
    Buffer.from(new Float32Array([1.5]).buffer),
    Buffer.from('b '),
    Buffer.from(new Float32Array([-1]).buffer),
  ]);
  writeFileSync(path('gensim.bin'), gensimStyle);
  const read = readWord2vec(path('gensim.bin'));
  assert.deepEqual(read.words, ['a', 'b']);
  assert.deepEqual([...read.vectors], [1.5, -1]);
});

test('GloVe text: no header, dimension from the first line, round trip', () => {
  writeGlove(kv, path('g.txt'));
  assert.equal(readFileSync(path('g.txt'), 'utf8'), 'the 0.1 -2\nétat 3.5 0\nx 1e-8 0.33333334\n');
  sameVectors(readGlove(path('g.txt')), kv);
  writeFileSync(path('crlf.txt'), 'a 1 2\r\nb 3 4\r\n\r\n');
  assert.deepEqual([...readGlove(path('crlf.txt')).vectors], [1, 2, 3, 4]);
  writeFileSync(path('empty.txt'), '');
  assert.equal(readGlove(path('empty.txt')).count, 0);
});

test('limit reads only the first vectors', () => {
  assert.deepEqual(readWord2vec(path('v.txt'), { limit: 2 }).words, ['the', 'état']);
  assert.deepEqual(readWord2vec(path('v.bin'), { limit: 1 }).words, ['the']);
  assert.deepEqual(readGlove(path('g.txt'), { limit: 1 }).words, ['the']);
});

test('a line longer than the read buffer (1 MiB) is read whole', () => {
  const dim = 300_000; // "0.5 " × 300,000 = 1.2 MB
  writeFileSync(path('long.txt'), `1 ${dim}\nw${' 0.5'.repeat(dim)}\n`);
  const read = readWord2vec(path('long.txt'));
  assert.equal(read.dim, dim);
  assert.equal(read.vectors[dim - 1], 0.5);
});

test('malformed word2vec text names the file and the line', () => {
  const bad = (name: string, text: string): string => {
    writeFileSync(path(name), text);
    return path(name);
  };
  const f1 = bad('header.txt', 'two 2\n');
  failsWith(() => readWord2vec(f1), `${f1}: line 1: expected the header "<count> <dimensions>", got 'two 2'`);
  const f2 = bad('short.txt', '2 2\na 1 2\nb 3\n');
  failsWith(() => readWord2vec(f2), `${f2}: line 3: expected a word and 2 numbers, got 1 numbers`);
  const f3 = bad('nan.txt', '1 2\na 1 x\n');
  failsWith(() => readWord2vec(f3), `${f3}: line 2: 'x' is not a number`);
  const f4 = bad('few.txt', '3 1\na 1\nb 2\n');
  failsWith(() => readWord2vec(f4), `${f4}: the header promises 3 vectors, the file ends after 2`);
  const f5 = bad('many.txt', '1 1\na 1\nb 2\n');
  failsWith(() => readWord2vec(f5), `${f5}: line 3: more vectors than the header's 1`);
  const f6 = bad('twice.txt', '2 1\na 1\na 2\n');
  failsWith(() => readWord2vec(f6), `${f6}: line 3: the word 'a' already came on line 2`);
  const f7 = bad('double-space.txt', '1 2\na 1  2\n');
  failsWith(() => readWord2vec(f7), `${f7}: line 2: expected a word and 2 numbers, got 3 numbers`);
  const f8 = bad('utf8.txt', 'a 1\n');
  writeFileSync(f8, Buffer.from([0x61, 0xff, 0x20, 0x31, 0x0a]));
  failsWith(() => readGlove(f8), `${f8}: line 1: not valid UTF-8`);
  const f9 = bad('glove-short.txt', 'a 1 2\nb 1\n');
  failsWith(() => readGlove(f9), `${f9}: line 2: expected a word and 2 numbers, got 1 numbers`);
  const missing = path('missing.txt');
  assert.throws(
    () => readWord2vec(missing),
    (e: unknown) => e instanceof FileFormatError && e.file === missing,
  );
});

test('a truncated word2vec binary file names the record', () => {
  const full = readFileSync(path('v.bin'));
  writeFileSync(path('cut.bin'), full.subarray(0, full.length - 4));
  failsWith(
    () => readWord2vec(path('cut.bin')),
    `${path('cut.bin')}: record 3: the file ends inside it (the header promises 3)`,
  );
});

test('a word with whitespace cannot be written, and nothing is left behind', () => {
  const spaced = new KeyedVectors(['new york'], new Float32Array([1]));
  const dir = mkdtempSync(join(folder, 'spaced-'));
  failsWith(
    () => writeWord2vec(spaced, join(dir, 's.txt')),
    `${join(dir, 's.txt')}: the word 'new york' cannot be written: it is empty or holds whitespace`,
  );
  assert.throws(() => writeWord2vec(spaced, join(dir, 's.bin')), FileFormatError);
  assert.deepEqual(readdirSync(dir), []);
});
