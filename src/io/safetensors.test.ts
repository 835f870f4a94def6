import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import type { DType, TypedArray } from '../backends/types.js';
import { FileFormatError, ValueError } from '../errors.js';
import { fileWith } from './fixtures/file-with.js';
import {
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  type RawTensor,
  saveSafetensors,
} from './safetensors.js';

const folder = mkdtempSync(join(tmpdir(), 'nabla-safetensors-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const bytesOf = (data: TypedArray) => [...new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];

function roundTrip(tensors: Record<string, RawTensor>, metadata?: Record<string, string>) {
  return decodeSafetensors(encodeSafetensors(tensors, metadata));
}

function assertCorrupt(bytes: Uint8Array, message: RegExp): void {
  assert.throws(
    () => decodeSafetensors(bytes, 'bad.safetensors'),
    (error: unknown) => {
      assert.ok(error instanceof FileFormatError, `expected FileFormatError, got ${String(error)}`);
      assert.equal(error.file, 'bad.safetensors');
      assert.match(error.message, /^bad\.safetensors: /);
      assert.match(error.message, message);
      return true;
    },
  );
}

test('the exact bytes of a tiny file', () => {
  const bytes = encodeSafetensors(
    {
      b: { dtype: 'int32', shape: [], data: new Int32Array([-1]) },
      a: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) },
    },
    { format: 'pt' },
  );
  // The header counted by hand: `{"__metadata__":{"format":"pt"},` is 32 bytes, `"a":{...},` 53,
  // `"b":{...}` 52 and the closing brace 1: 138 in all, padded with 6 spaces to 144 = 0x90.
  // Data: 1.0f = 00 00 80 3f, 2.0f = 00 00 00 40, int32 -1 = ff ff ff ff.
  const header =
    '{"__metadata__":{"format":"pt"},' +
    '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
    '"b":{"dtype":"I32","shape":[],"data_offsets":[8,12]}}';
  assert.equal(header.length, 138);
  // biome-ignore format: the bytes read best in rows
  const expected = [
    0x90, 0, 0, 0, 0, 0, 0, 0,
    ...[...header].map((c) => c.charCodeAt(0)),
    0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
    0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40,
    0xff, 0xff, 0xff, 0xff,
  ];
  assert.deepEqual([...bytes], expected);
  const { tensors, metadata } = decodeSafetensors(bytes);
  assert.deepEqual(metadata, { format: 'pt' });
  assert.deepEqual(tensors.a, { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) });
  assert.deepEqual(tensors.b, { dtype: 'int32', shape: [], data: new Int32Array([-1]) });
});

test('an empty dict is the header {} padded to 8 bytes', () => {
  assert.deepEqual(
    [...encodeSafetensors({})],
    [8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20],
  );
  assert.deepEqual(decodeSafetensors(encodeSafetensors({})), { tensors: {}, metadata: {} });
});

const samples: Record<DType, TypedArray[]> = {
  float32: [new Float32Array([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 3.4e38, 1e-45])],
  float64: [new Float64Array([Math.PI, -0, Number.NaN, Number.NEGATIVE_INFINITY, 1e308, 5e-324])],
  int32: [new Int32Array([0, -1, 2147483647, -2147483648, 42, 7])],
  bool: [new Uint8Array([1, 0, 0, 1, 1, 0])],
};

for (const [dtype, [data]] of Object.entries(samples) as [DType, [TypedArray]][]) {
  test(`round trip of ${dtype}: full, scalar and zero-size tensors`, () => {
    const scalar = data.slice(0, 1);
    const empty = data.slice(0, 0);
    const { tensors } = roundTrip({
      full: { dtype, shape: [2, 3], data },
      scalar: { dtype, shape: [], data: scalar },
      empty: { dtype, shape: [3, 0, 2], data: empty },
    });
    assert.deepEqual(Object.keys(tensors).sort(), ['empty', 'full', 'scalar']);
    for (const [name, original, shape] of [
      ['full', data, [2, 3]],
      ['scalar', scalar, []],
      ['empty', empty, [3, 0, 2]],
    ] as const) {
      const t = tensors[name] as RawTensor;
      assert.equal(t.dtype, dtype);
      assert.deepEqual(t.shape, shape);
      assert.equal(t.data.constructor, data.constructor);
      assert.deepEqual(bytesOf(t.data), bytesOf(original)); // bytes: NaN and -0 survive exactly
    }
  });
}

test('tensors are laid out sorted by name, whatever the insertion order', () => {
  const t = (x: number): RawTensor => ({ dtype: 'float32', shape: [1], data: new Float32Array([x]) });
  const one = encodeSafetensors({ z: t(1), a: t(2), '10': t(3), '9': t(4) });
  const two = encodeSafetensors({ '9': t(4), a: t(2), z: t(1), '10': t(3) });
  assert.deepEqual(one, two);
  const text = new TextDecoder().decode(one);
  assert.ok(text.indexOf('"10"') < text.indexOf('"9"') && text.indexOf('"9"') < text.indexOf('"a"'));
  assert.ok(text.indexOf('"a"') < text.indexOf('"z"'));
});

test('decoded arrays are fresh and aligned even when the input sits at an odd offset', () => {
  const bytes = encodeSafetensors({ w: { dtype: 'float64', shape: [2], data: new Float64Array([1, 2]) } });
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  const input = shifted.subarray(1);
  const w = decodeSafetensors(input).tensors.w as RawTensor;
  assert.equal(w.data.byteOffset, 0);
  assert.notEqual(w.data.buffer, input.buffer);
  assert.deepEqual(w.data, new Float64Array([1, 2]));
});

test('bool data is written as 0/1', () => {
  const { tensors } = roundTrip({ m: { dtype: 'bool', shape: [3], data: new Uint8Array([0, 5, 255]) } });
  assert.deepEqual(tensors.m?.data, new Uint8Array([0, 1, 1]));
});

test('a tensor named __proto__ stays a tensor', () => {
  const tensors = Object.fromEntries([
    ['__proto__', { dtype: 'int32', shape: [1], data: new Int32Array([3]) } as RawTensor],
  ]);
  const decoded = roundTrip(tensors).tensors;
  assert.deepEqual(Object.keys(decoded), ['__proto__']);
  assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
});

test('saveSafetensors and loadSafetensors round-trip through a file, atomically', () => {
  const path = join(folder, 'model.safetensors');
  const tensors: Record<string, RawTensor> = {
    w: { dtype: 'float32', shape: [2, 1], data: new Float32Array([3, 4]) },
  };
  saveSafetensors(path, tensors, { epoch: '3' });
  saveSafetensors(path, tensors, { epoch: '4' });
  assert.deepEqual(loadSafetensors(path), { tensors, metadata: { epoch: '4' } });
  assert.deepEqual(readdirSync(folder), ['model.safetensors']);
});

test('loadSafetensors of a missing file names it', () => {
  const path = join(folder, 'missing.safetensors');
  assert.throws(
    () => loadSafetensors(path),
    (e: unknown) => e instanceof FileFormatError && e.file === path,
  );
});

test('encodeSafetensors rejects bad input with ValueError', () => {
  const bad = (t: unknown) => () => encodeSafetensors({ x: t as RawTensor });
  assert.throws(bad({ dtype: 'float16', shape: [1], data: new Float32Array(1) }), ValueError);
  assert.throws(
    bad({ dtype: 'float32', shape: [2], data: new Float32Array(3) }),
    /holds 2 values, data has 3/,
  );
  assert.throws(bad({ dtype: 'float32', shape: [-1], data: new Float32Array(0) }), ValueError);
  assert.throws(bad({ dtype: 'int32', shape: [1], data: new Float32Array(1) }), /must be a Int32Array/);
  const t: RawTensor = { dtype: 'bool', shape: [0], data: new Uint8Array(0) };
  assert.throws(() => encodeSafetensors({ __metadata__: t }), /reserved/);
  assert.throws(() => encodeSafetensors({}, { a: 1 as unknown as string }), ValueError);
});

// --- Corrupt files: each throws one FileFormatError naming the file. ---

const valid = () =>
  encodeSafetensors({ a: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } });
const entry = (dtype: string, shape: string, offsets: string) =>
  `{"a":{"dtype":${dtype},"shape":${shape},"data_offsets":${offsets}}}`;

test('corrupt: shorter than 8 bytes', () => {
  assertCorrupt(new Uint8Array(5), /5 bytes long/);
  assertCorrupt(new Uint8Array(0), /0 bytes long/);
});

test('corrupt: truncated inside the header', () => {
  assertCorrupt(valid().subarray(0, 20), /header length 56 exceeds the 12 bytes/);
});

test('corrupt: truncated inside the data', () => {
  const bytes = valid();
  assertCorrupt(bytes.subarray(0, bytes.length - 3), /holds 5 bytes but the tensors need 8 \(truncated\?\)/);
});

test('corrupt: header length over 100 MB', () => {
  const bytes = valid();
  new DataView(bytes.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
  assertCorrupt(bytes, /exceeds the 100 MB limit/);
});

test('corrupt: a flipped byte in the length field', () => {
  const bytes = valid();
  bytes[0] = 0x39; // 56 -> 57: the header now swallows the first data byte
  assertCorrupt(bytes, /not valid (UTF-8|JSON)/);
});

test('corrupt: a flipped byte in the header changes the shape', () => {
  const bytes = valid();
  const text = new TextDecoder().decode(bytes);
  bytes[text.indexOf('[2]') + 1] = '3'.charCodeAt(0);
  assertCorrupt(bytes, /span 8 bytes, but F32 \[3\] needs 12/);
});

test('corrupt: invalid UTF-8 in the header', () => {
  const bytes = fileWith('{"a":1}');
  bytes[10] = 0xff;
  assertCorrupt(bytes, /not valid UTF-8/);
});

test('corrupt: bad JSON', () => {
  assertCorrupt(fileWith('{"a": {'), /not valid JSON/);
  assertCorrupt(fileWith(''), /not valid JSON/);
});

test('corrupt: header not an object', () => {
  assertCorrupt(fileWith('[1,2]'), /must be a JSON object, got \[1,2\]/);
  assertCorrupt(fileWith('null'), /must be a JSON object, got null/);
  assertCorrupt(fileWith('"a"'), /must be a JSON object/);
});

test('corrupt: an entry that is not an object, or has unknown fields', () => {
  assertCorrupt(fileWith('{"a":[0,4]}'), /tensor 'a' must be an object/);
  assertCorrupt(
    fileWith('{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4],"x":1}}', [0, 0, 0, 0]),
    /unknown field\(s\) x/,
  );
});

test('corrupt: unknown or unsupported dtype names list the supported ones', () => {
  assertCorrupt(
    fileWith(entry('"F33"', '[1]', '[0,4]'), [0, 0, 0, 0]),
    /unknown dtype "F33" \(supported: F32, F64, I32, BOOL, F16, BF16, I64\)/,
  );
  assertCorrupt(fileWith(entry('4', '[1]', '[0,4]'), [0, 0, 0, 0]), /unknown dtype 4/);
  // F16, BF16 and I64 are read (safetensors-dtypes.test.ts); these are not.
  for (const name of ['U8', 'I8', 'U16', 'U64', 'C64', 'F8_E4M3']) {
    assertCorrupt(
      fileWith(entry(`"${name}"`, '[1]', '[0,2]'), [0, 0]),
      new RegExp(
        `dtype ${name}, which nabla does not support \\(supported: F32, F64, I32, BOOL, F16, BF16, I64\\)`,
      ),
    );
  }
});

test('corrupt: shapes that are not arrays of non-negative safe integers', () => {
  for (const shape of ['[-1]', '[1.5]', '["2"]', '2', '[9007199254740992]', 'null']) {
    assertCorrupt(
      fileWith(entry('"F32"', shape, '[0,4]'), [0, 0, 0, 0]),
      /shape must be an array of non-negative integers/,
    );
  }
  assertCorrupt(
    fileWith(entry('"F64"', '[4294967296,4294967296]', '[0,8]'), [0, 0, 0, 0, 0, 0, 0, 0]),
    /too large/,
  );
});

test('corrupt: data_offsets that are not [begin, end] integers', () => {
  for (const offsets of ['[0]', '[0,4,8]', '[0,"4"]', '[-4,0]', '[0,4.5]', '{"0":0,"1":4}']) {
    assertCorrupt(
      fileWith(entry('"F32"', '[1]', offsets), [0, 0, 0, 0]),
      /data_offsets must be \[begin, end\]/,
    );
  }
  assertCorrupt(fileWith(entry('"F32"', '[1]', '[4,0]'), [0, 0, 0, 0]), /span -4 bytes/);
});

test('corrupt: end - begin differs from shape × itemsize', () => {
  assertCorrupt(
    fileWith(entry('"F64"', '[1]', '[0,4]'), [0, 0, 0, 0]),
    /span 4 bytes, but F64 \[1\] needs 8/,
  );
});

test('corrupt: offsets that leave a gap, overlap, or do not start at 0', () => {
  const two = (a: string, b: string) =>
    `{"a":{"dtype":"I32","shape":[1],"data_offsets":${a}},"b":{"dtype":"I32","shape":[1],"data_offsets":${b}}}`;
  assertCorrupt(
    fileWith(two('[0,4]', '[8,12]'), new Array(12).fill(0)),
    /gap in the data section: bytes \[4, 8\)/,
  );
  assertCorrupt(fileWith(two('[0,4]', '[2,6]'), new Array(6).fill(0)), /tensor 'b' at \[2, 6\] overlaps/);
  assertCorrupt(fileWith(two('[0,4]', '[0,4]'), new Array(4).fill(0)), /overlaps/);
  assertCorrupt(
    fileWith(entry('"I32"', '[1]', '[4,8]'), new Array(8).fill(0)),
    /gap in the data section: bytes \[0, 4\)/,
  );
});

test('corrupt: trailing bytes after the last tensor', () => {
  const bytes = valid();
  const longer = new Uint8Array(bytes.length + 2);
  longer.set(bytes);
  assertCorrupt(longer, /2 trailing bytes/);
  assertCorrupt(fileWith('{}', [1]), /1 trailing bytes/);
});

test('corrupt: __metadata__ that is not an object of strings', () => {
  assertCorrupt(fileWith('{"__metadata__":{"epoch":3}}'), /__metadata__\.epoch must be a string, got 3/);
  assertCorrupt(fileWith('{"__metadata__":["x"]}'), /__metadata__ must be an object of strings/);
});

test('corrupt: a BOOL tensor holding a byte other than 0 and 1', () => {
  assertCorrupt(fileWith(entry('"BOOL"', '[2]', '[0,2]'), [1, 2]), /holds bytes other than 0 and 1/);
});

// --- Property: encode → decode is the identity. ---

const tensorArbitrary: fc.Arbitrary<RawTensor> = fc
  .tuple(
    fc.constantFrom<DType>('float32', 'float64', 'int32', 'bool'),
    fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
  )
  .chain(([dtype, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const length = { minLength: n, maxLength: n };
    const data: fc.Arbitrary<TypedArray> =
      dtype === 'float32'
        ? fc.float32Array(length)
        : dtype === 'float64'
          ? fc.float64Array(length)
          : dtype === 'int32'
            ? fc.int32Array(length)
            : fc.array(fc.boolean(), length).map((bits) => Uint8Array.from(bits, Number));
    return data.map((d): RawTensor => ({ dtype, shape, data: d }));
  });

test('property: decode(encode(tensors, metadata)) gives back the same tensors and metadata', () => {
  const names = fc.string({ unit: 'binary', maxLength: 8 }).filter((s) => s !== '__metadata__');
  fc.assert(
    fc.property(
      fc.dictionary(names, tensorArbitrary, { maxKeys: 6 }),
      fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), { maxKeys: 3 }),
      (tensors, metadata) => {
        const decoded = decodeSafetensors(encodeSafetensors(tensors, metadata));
        assert.deepEqual(Object.entries(decoded.metadata).sort(), Object.entries(metadata).sort());
        assert.deepEqual(Object.keys(decoded.tensors).sort(), Object.keys(tensors).sort());
        for (const [name, t] of Object.entries(tensors)) {
          const d = decoded.tensors[name] as RawTensor;
          assert.equal(d.dtype, t.dtype);
          assert.deepEqual(d.shape, t.shape);
          assert.deepEqual(bytesOf(d.data), bytesOf(t.data));
        }
      },
    ),
    // Seeded: a run must be repeatable in CI (an unseeded run found the header-length/magic clash).
    { numRuns: 200, seed: 20261203 },
  );
});
