import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FileFormatError } from '../errors.js';
import { fileWith } from './fixtures/file-with.js';
import { decodeSafetensors, type RawTensor } from './safetensors.js';
import { halfToFloatBits } from './safetensors-dtypes.js';

const u16 = (values: number[]) => values.flatMap((v) => [v & 0xff, v >> 8]);
const i64 = (values: bigint[]) => {
  const bytes = new Uint8Array(8 * values.length);
  values.forEach((v, i) => {
    new DataView(bytes.buffer).setBigInt64(8 * i, v, true);
  });
  return [...bytes];
};
const one = (dtype: string, shape: number[], data: number[]) =>
  fileWith(
    `{"t":{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":[0,${data.length}]}}`,
    data,
  );
const decodeOne = (bytes: Uint8Array) => decodeSafetensors(bytes, 'w.safetensors').tensors.t as RawTensor;
const bitsOf = (data: Float32Array) => [...new Uint32Array(data.buffer, data.byteOffset, data.length)];

function assertFileError(bytes: Uint8Array, message: RegExp): void {
  assert.throws(
    () => decodeSafetensors(bytes, 'w.safetensors'),
    (error: unknown) =>
      error instanceof FileFormatError &&
      error.file === 'w.safetensors' &&
      /^w\.safetensors: /.test(error.message) &&
      message.test(error.message),
  );
}

test('F16 reads into float32: known bit patterns', () => {
  // biome-ignore format: one pattern per row with its value
  const cases: [number, number][] = [
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125], // 1.0101010101b × 2^−2
    [0x7bff, 65504], // the largest half
    [0x0400, 2 ** -14], // the smallest normal half
    [0x0001, 2 ** -24], // the smallest subnormal
    [0x03ff, 1023 * 2 ** -24], // the largest subnormal
    [0x8001, -(2 ** -24)],
    [0x7c00, Number.POSITIVE_INFINITY],
    [0xfc00, Number.NEGATIVE_INFINITY],
  ];
  const t = decodeOne(one('F16', [cases.length], u16(cases.map(([h]) => h))));
  assert.equal(t.dtype, 'float32');
  assert.ok(t.data instanceof Float32Array);
  assert.deepEqual(
    [...t.data],
    cases.map(([, v]) => v),
  );
});

test('F16 keeps −0 and NaN (sign and payload) bit for bit', () => {
  const t = decodeOne(one('F16', [3], u16([0x8000, 0x7e00, 0xfe01])));
  // −0 = 0x80000000; quiet NaN 0x7e00 → 0x7fc00000; payload 1 moves up by 13 bits.
  assert.deepEqual(bitsOf(t.data as Float32Array), [0x80000000, 0x7fc00000, 0xffc02000]);
});

test('every one of the 65,536 half bit patterns widens to the value it encodes', () => {
  const out = new Float32Array(1);
  const bits = new Uint32Array(out.buffer);
  for (let h = 0; h < 0x10000; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    // The definition: subnormal m·2^−24, normal (1 + m/1024)·2^(e−15), e = 31 infinity or NaN.
    const expected =
      e === 0
        ? sign * m * 2 ** -24
        : e === 31
          ? m
            ? Number.NaN
            : sign * Infinity
          : sign * (1 + m / 1024) * 2 ** (e - 15);
    bits[0] = halfToFloatBits(h);
    if (Number.isNaN(expected)) assert.ok(Number.isNaN(out[0]), `0x${h.toString(16)}`);
    else assert.ok(Object.is(out[0], expected), `0x${h.toString(16)}: ${out[0]} vs ${expected}`);
  }
});

test('BF16 reads into float32: its bits are the float32’s upper half', () => {
  // 0x3dcd is bfloat16(0.1): 0.1f = 0x3dcccccd, rounded to the nearest 16 upper bits.
  const patterns = [0x3f80, 0xc000, 0x3dcd, 0x7f7f, 0x0001, 0x7f80, 0xff80, 0x7fc0, 0x8000];
  const t = decodeOne(one('BF16', [patterns.length], u16(patterns)));
  assert.equal(t.dtype, 'float32');
  assert.deepEqual(
    bitsOf(t.data as Float32Array),
    patterns.map((h) => h * 0x10000),
  );
  assert.deepEqual([...t.data].slice(0, 3), [1, -2, 0.10009765625]);
  assert.equal(t.data[3], 3.3895313892515355e38); // the largest finite bfloat16
});

test('I64 reads into int32 when every value fits', () => {
  const values = [0n, -1n, 7n, 2147483647n, -2147483648n];
  const t = decodeOne(one('I64', [5], i64(values)));
  assert.equal(t.dtype, 'int32');
  assert.deepEqual(t.data, new Int32Array([0, -1, 7, 2147483647, -2147483648]));
  assert.deepEqual(decodeOne(one('I64', [], i64([3n]))), {
    dtype: 'int32',
    shape: [],
    data: new Int32Array([3]),
  });
});

test('an I64 value outside int32 is a FileFormatError naming the file, the tensor and the value', () => {
  for (const [value, index] of [
    [2147483648n, 1],
    [-2147483649n, 1],
    [2n ** 40n, 1],
    [-(2n ** 63n), 1],
    [4294967295n, 1], // low word all ones, high word 0: not a sign extension
  ] as const) {
    assertFileError(
      one('I64', [3], i64([5n, value, 6n])),
      new RegExp(
        `tensor 't' \\(I64\\) holds ${value} at index ${index}, outside int32's range \\[-2147483648, 2147483647\\]`,
      ),
    );
  }
});

test('F16, BF16 and I64 sizes are checked like any dtype; zero-size tensors read', () => {
  assertFileError(one('F16', [3], [0, 0, 0, 0]), /span 4 bytes, but F16 \[3\] needs 6/);
  assertFileError(one('I64', [1], [0, 0, 0, 0]), /span 4 bytes, but I64 \[1\] needs 8/);
  assertFileError(one('BF16', [2], [0, 0, 0]), /span 3 bytes, but BF16 \[2\] needs 4/);
  for (const dtype of ['F16', 'BF16', 'I64']) {
    const t = decodeOne(one(dtype, [2, 0], []));
    assert.deepEqual(t.shape, [2, 0]);
    assert.equal(t.data.length, 0);
  }
});

test('the data of a converted tensor is fresh and aligned, whatever the input offset', () => {
  const bytes = one('F16', [2], u16([0x3c00, 0x4000]));
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  const t = decodeOne(shifted.subarray(1));
  assert.notEqual(t.data.buffer, shifted.buffer);
  assert.deepEqual(t.data, new Float32Array([1, 2]));
});

// Written by PyTorch 1.13 (scripts/fixtures/torch-dtypes.py): torch rounded 0.1 to F16 and BF16
// and wrote num_batches_tracked-like int64 data; the container is safetensors.torch's layout.
const torchFile =
  'd0000000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a227074227d2c22627261696e22' +
  '3a7b226474797065223a2242463136222c227368617065223a5b355d2c22646174615f6f666673657473223a5b302c' +
  '31305d7d2c22636f756e74223a7b226474797065223a22493634222c227368617065223a5b5d2c22646174615f6f66' +
  '6673657473223a5b31302c31385d7d2c2268616c66223a7b226474797065223a22463136222c227368617065223a5b' +
  '375d2c22646174615f6f666673657473223a5b31382c33325d7d7d20803f00c0cd3d627f80fff9ffffffffffffff00' +
  '3c00c0662eff7b0100007c0080';

test('a file written by PyTorch reads with the values torch printed', () => {
  const bytes = Uint8Array.from(torchFile.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
  const { tensors, metadata } = decodeSafetensors(bytes, 'torch.safetensors');
  assert.deepEqual(metadata, { format: 'pt' });
  // torch: brain.float().tolist() and half.float().tolist(), count.item()
  assert.deepEqual(tensors.brain, {
    dtype: 'float32',
    shape: [5],
    data: new Float32Array([1, -2, 0.10009765625, 3.00405527047391e38, Number.NEGATIVE_INFINITY]),
  });
  assert.deepEqual(tensors.half, {
    dtype: 'float32',
    shape: [7],
    data: new Float32Array([
      1,
      -2,
      0.0999755859375,
      65504,
      2 ** -24, // torch printed 5.960464477539063e-08
      Number.POSITIVE_INFINITY,
      -0,
    ]),
  });
  assert.ok(Object.is(tensors.half?.data[6], -0));
  assert.deepEqual(tensors.count, { dtype: 'int32', shape: [], data: new Int32Array([-7]) });
});

test('property: an I64 tensor reads exactly when every value fits in int32, else fails naming it', () => {
  const int64 = fc.oneof(
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map(BigInt),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  );
  fc.assert(
    fc.property(fc.array(int64, { maxLength: 6 }), (values) => {
      const bytes = one('I64', [values.length], i64(values));
      const fits = values.every((v) => v >= -(2n ** 31n) && v < 2n ** 31n);
      if (fits) assert.deepEqual([...decodeOne(bytes).data], values.map(Number));
      else assertFileError(bytes, /tensor 't' \(I64\) holds -?\d+ at index \d+, outside int32's range/);
    }),
    { numRuns: 300, seed: 20261203 },
  );
});
