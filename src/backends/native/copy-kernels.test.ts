import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceBackend } from '../reference/index.js';
import type { View } from '../types.js';
import { loadAddon } from './addon.js';
import { coalesce } from './copy-kernels.js';
import { loadNativeBackend } from './index.js';

const addon = loadAddon().addon;
const native = loadNativeBackend().backend;
const reference = referenceBackend.kernels;

test('coalesce merges what both views step through as one and drops size-1 dimensions', () => {
  assert.deepEqual(coalesce([4, 5, 6], [30, 6, 1], [30, 6, 1]), [[120], [1], [1]]);
  assert.deepEqual(coalesce([4, 5, 6], [30, 1, 5], [30, 6, 1]), [
    [4, 5, 6],
    [30, 1, 5],
    [30, 6, 1],
  ]);
  // [32, 4, 64, 32] read from a [32, 64, 4, 32] tensor (attention's head split): nothing merges but the batch
  assert.deepEqual(coalesce([2, 4, 3, 5], [60, 5, 20, 1], [60, 15, 5, 1]), [
    [2, 4, 3, 5],
    [60, 5, 20, 1],
    [60, 15, 5, 1],
  ]);
  assert.deepEqual(coalesce([], [], []), [[1], [0], [0]]);
  assert.deepEqual(coalesce([1, 1], [7, 3], [1, 1]), [[1], [0], [0]]);
});

if (addon && native) {
  const source = Float32Array.from({ length: 70_000 }, (_, i) => Math.sin(i) * 100);
  // [shape, source strides, source offset]: a permutation, a slice, a broadcast, a transpose
  const views: [string, number[], number[], number][] = [
    ['head split [8, 4, 64, 32] of [8, 64, 4, 32]', [8, 4, 64, 32], [8192, 32, 128, 1], 0],
    ['transpose [96, 80]', [96, 80], [1, 96], 3],
    ['every other column', [50, 100], [400, 2], 1],
    ['a row broadcast over 70 rows', [70, 300], [0, 1], 17],
    ['size-1 axes in between', [30, 1, 40, 1, 7], [280, 9, 7, 5, 1], 2],
  ];
  for (const threads of [1, 2]) {
    test(`native copy and assign agree with the reference, ${threads} thread(s)`, () => {
      const defaultThreads = native.numThreads();
      native.setNumThreads(threads);
      try {
        for (const [name, shape, strides, offset] of views) {
          const n = shape.reduce((p, v) => p * v, 1);
          const src: View = { data: source, offset, strides };
          const got = new Float32Array(n);
          const want = new Float32Array(n);
          native.kernels.copy(src, shape, got);
          reference.copy(src, shape, want);
          assert.deepEqual(got, want, `copy: ${name}`);
          // assign into the transposed positions of a larger array
          const dstStrides = shape.map((_, d) => shape.slice(0, d).reduce((p, v) => p * v, 1));
          const gotDst = new Float32Array(n + 5).fill(-1);
          const wantDst = new Float32Array(n + 5).fill(-1);
          native.kernels.assign({ data: gotDst, offset: 5, strides: dstStrides }, src, shape);
          reference.assign({ data: wantDst, offset: 5, strides: dstStrides }, src, shape);
          assert.deepEqual(gotDst, wantDst, `assign: ${name}`);
        }
      } finally {
        native.setNumThreads(defaultThreads);
      }
    });
  }

  test('the native strided copy refuses views that reach outside their arrays', () => {
    const i32 = (...v: number[]) => Int32Array.from(v);
    assert.throws(
      () =>
        addon.stridedCopy(
          new Float32Array(10),
          0,
          i32(5, 1),
          new Float32Array(100),
          0,
          i32(10, 1),
          i32(10, 10),
        ),
      /stridedCopy src view outside its array/,
    );
    assert.throws(
      () =>
        addon.stridedCopy(
          new Float32Array(100),
          0,
          i32(10, 1),
          new Float32Array(100),
          1,
          i32(10, 1),
          i32(10, 10),
        ),
      /stridedCopy dst view outside its array/,
    );
    assert.throws(
      () => addon.stridedCopy(new Float32Array(10), 0, i32(1), new Float32Array(10), 0, i32(1, 1), i32(10)),
      /stridedCopy rank mismatch/,
    );
  });
} else {
  test('without the addon copies run on the reference kernels', () => {
    assert.equal(native, undefined);
  });
}
