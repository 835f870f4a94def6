import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileFormatError } from '../errors.js';
import { fileWith } from './fixtures/file-with.js';
import { headerProblem, otherFormat } from './header-scan.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

function refused(bytes: Uint8Array): string {
  try {
    decodeSafetensors(bytes, 'x.safetensors');
  } catch (error) {
    assert.ok(error instanceof FileFormatError, `a FileFormatError, got ${String(error)}`);
    return error.message;
  }
  return 'accepted';
}

const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';

test('a tensor name given twice is refused (JSON.parse would keep the last)', () => {
  const message = refused(fileWith(`{"w":${entry},"w":${entry}}`, [0, 0, 128, 63]));
  assert.equal(message, 'x.safetensors: header repeats the key "w"');
  // Equal keys in different objects are fine; a repeated field inside an entry is not.
  assert.equal(headerProblem(`{"a":${entry},"b":${entry}}`), undefined);
  assert.equal(headerProblem('{"a":{"dtype":"F32","dtype":"F64"}}'), 'repeats the key "dtype"');
  // An escaped spelling is the same key.
  assert.equal(headerProblem('{"a":{},"\\u0061":{}}'), 'repeats the key "a"');
});

test('white space before the header and nesting beyond the format are refused with the typed error', () => {
  assert.equal(
    refused(fileWith(` {"w":${entry}}`, [0, 0, 128, 63])),
    "x.safetensors: header must start with '{', not white space",
  );
  const deep = `{"w":${'['.repeat(5000)}${']'.repeat(5000)}}`;
  assert.equal(refused(fileWith(deep)), "x.safetensors: header nests deeper than the format's 3 levels");
  // Strings may hold brackets and quotes without confusing the scan.
  assert.equal(headerProblem('{"__metadata__":{"note":"[[[{\\"}"}}'), undefined);
});

test('files of another kind say what they are instead of a header-length error', () => {
  const png = Uint8Array.of(
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    0,
    0,
    0,
    0x0d,
    0x49,
    0x48,
    0x44,
    0x52,
  );
  assert.equal(refused(png), 'x.safetensors: is a PNG image, not a safetensors file');
  assert.equal(otherFormat(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0)), 'a JPEG image');
  assert.equal(
    otherFormat(Uint8Array.of(0x50, 0x4b, 0x03, 0x04)),
    'a ZIP archive (a PyTorch .pt/.pth file is one)',
  );
  const text = new TextEncoder().encode('hello, this is a text file that is not a model');
  assert.equal(
    refused(text),
    'x.safetensors: is not a safetensors file (no JSON header after an 8-byte length)',
  );
  // A real file still loads.
  const good = encodeSafetensors({ w: { dtype: 'float32', shape: [2], data: Float32Array.of(1, 2) } });
  assert.equal(otherFormat(good), undefined);
  assert.deepEqual([...decodeSafetensors(good).tensors.w!.data], [1, 2]);
});

test('a safetensors file whose header length spells a magic number still loads (a pickle: 640, gzip: 35,615)', () => {
  for (const length of [0x280, 0x380, 0x8b1f]) {
    const json = new TextEncoder().encode('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
    const bytes = new Uint8Array(8 + length + 4).fill(0x20, 8, 8 + length);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(length), true);
    bytes.set(json, 8);
    new DataView(bytes.buffer).setFloat32(8 + length, 1.5, true);
    assert.deepEqual([...decodeSafetensors(bytes).tensors.w!.data], [1.5], `header of ${length} bytes`);
  }
  // A real pickle still gets its name.
  assert.equal(
    refused(Uint8Array.of(0x80, 0x02, 0x7d, 0x71, 0x00, 0x28, 0x58, 0x01, 0x00)),
    "x.safetensors: is a pickle (PyTorch's legacy format), not a safetensors file",
  );
});

test('a key with a raw control character is left to JSON.parse (the scan threw a raw SyntaxError; found by the fuzz)', () => {
  assert.equal(headerProblem('{"a\u0001b":{}}'), undefined);
  const message = refused(fileWith('{"a\u0001":{}}'));
  assert.match(message, /^x\.safetensors: header is not valid JSON/);
});
