import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceBackend } from '../reference/index.js';
import type { View } from '../types.js';
import { loadAddon } from './addon.js';
import { loadNativeBackend } from './index.js';

const native = loadNativeBackend().backend;

/** A row-major view of `data` read with `strides` over the output shape. */
const view = (data: Float32Array | Uint8Array, strides: number[], offset = 0): View => ({
  data,
  offset,
  strides,
});

function floats(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) =>
    i % 13 === 5 ? Number.NaN : Math.sin(i * 0.7 + seed) * 4,
  );
}

function bools(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => ((i * 7 + seed) % 3 === 0 ? 1 : 0));
}

if (native) {
  // [N, H, L, S] = [3, 2, 40, 48]: 11,520 elements, enough for two threads at 2.
  const shape = [3, 2, 40, 48];
  const n = 3 * 2 * 40 * 48;
  const dense = [2 * 40 * 48, 40 * 48, 48, 1];
  const block = [0, 0, 48, 1]; // an [L, S] mask under every sample and head
  const row = [0, 0, 0, 1];
  const scalar = [0, 0, 0, 0];
  const column = [0, 0, 1, 0]; // not periodic: the reference path
  const layouts: [string, number[], number[], number[]][] = [
    ['all dense', dense, dense, dense],
    ['causal mask: block cond, dense scores, scalar fill', block, dense, scalar],
    ['scalar a, dense b', dense, scalar, dense],
    ['row cond, row a, dense b', row, row, dense],
    ['scalar cond', scalar, dense, dense],
    ['column cond (reference path)', column, dense, scalar],
  ];
  for (const threads of [1, 2]) {
    test(`native where agrees with the reference, ${threads} thread(s)`, () => {
      native.setNumThreads(threads);
      for (const [name, c, a, b] of layouts) {
        const cond = view(bools(n + 3, 1), c, 3);
        const av = view(floats(n + 1, 2), a, 1);
        const bv = view(floats(n, 3), b);
        const got = new Float32Array(n);
        const want = new Float32Array(n);
        native.kernels.where(cond, av, bv, shape, got);
        referenceBackend.kernels.where(cond, av, bv, shape, want);
        assert.deepEqual(got, want, name);
      }
    });
  }

  test('the native where entry refuses an operand shorter than its offset and period', () => {
    const addon = loadAddon().addon!;
    const out = new Float32Array(100);
    assert.throws(
      () =>
        addon.where(
          new Uint8Array(100),
          0,
          100,
          new Float32Array(10),
          0,
          100,
          new Float32Array(1),
          0,
          1,
          out,
        ),
      /where period, offset or length out of range/,
    );
    assert.throws(
      () =>
        addon.where(
          new Uint8Array(100),
          0,
          30,
          new Float32Array(100),
          0,
          100,
          new Float32Array(1),
          0,
          1,
          out,
        ),
      /where period, offset or length out of range/,
      'a period that does not divide the length',
    );
  });
} else {
  test('without the addon there is no native where', () => {
    assert.equal(loadNativeBackend().backend, undefined);
  });
}
