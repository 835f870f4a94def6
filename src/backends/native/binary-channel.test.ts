import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceBackend } from '../reference/index.js';
import type { BinaryOp, View } from '../types.js';
import { loadNativeBackend } from './index.js';

const native = loadNativeBackend().backend;
const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'reluBackward'];

/** Strides that broadcast `small` (same rank, 1 where it repeats) over `shape`. */
function broadcastStrides(small: number[], shape: number[]): number[] {
  const strides = new Array<number>(small.length).fill(0);
  let step = 1;
  for (let d = small.length - 1; d >= 0; d--) {
    strides[d] = small[d] === 1 && shape[d] !== 1 ? 0 : step;
    step *= small[d]!;
  }
  return strides;
}

function values(n: number, seed: number): Float32Array {
  // A few exact specials among ordinary values: NaN, ±0, ±∞.
  const specials = [Number.NaN, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  return Float32Array.from({ length: n }, (_, i) =>
    i % 11 === 3 ? specials[(i + seed) % 5]! : Math.sin(i * 1.7 + seed) * 3,
  );
}

/** `op` on views a and b through the native and the reference kernels: both outputs. */
function bothKernels(
  op: BinaryOp,
  a: View,
  b: View,
  shape: number[],
  out: () => Float32Array | Uint8Array,
): [got: Float32Array | Uint8Array, want: Float32Array | Uint8Array] {
  const [got, want] = [out(), out()];
  native!.kernels.binary(op, a, b, shape, got);
  referenceBackend.kernels.binary(op, a, b, shape, want);
  return [got, want];
}

// Dense against a vector along a run of axes (NCHW against [1, C, 1, 1] or [N, C, 1, 1]), in both orders, large
// enough for the native path and its threads; the reference kernel is the spec, bit for bit.
const cases: [number[], number[]][] = [
  [
    [2, 3, 40, 50],
    [1, 3, 1, 1],
  ],
  [
    [64, 16, 8, 8],
    [1, 16, 1, 1],
  ],
  [
    [300, 7],
    [300, 1],
  ],
  [
    [5, 6, 7, 8],
    [1, 1, 7, 1],
  ],
  [
    [1, 32, 1, 100],
    [1, 32, 1, 1],
  ],
  // A vector over several leading axes: a global pool's gradient spread over the plane.
  [
    [64, 64, 8, 8],
    [64, 64, 1, 1],
  ],
  [
    [3, 1, 4, 5, 6],
    [3, 1, 4, 1, 1],
  ],
];

if (native) {
  for (const [shape, small] of cases) {
    test(`native per-channel broadcast agrees with the reference: [${shape}] with [${small}]`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const m = small.reduce((a, b) => a * b, 1);
      const dense: View = { data: values(n + 3, 1), offset: 3, strides: broadcastStrides(shape, shape) };
      const vec: View = { data: values(m + 2, 2), offset: 2, strides: broadcastStrides(small, shape) };
      for (const op of ops) {
        for (const [a, b] of [
          [dense, vec],
          [vec, dense],
        ] as const) {
          const [got, want] = bothKernels(op, a, b, shape, () => new Float32Array(n));
          assert.deepEqual(got, want, `${op}, vector ${a === vec ? 'first' : 'second'}`);
        }
      }
    });
  }

  test('native binary ops on a permuted operand (copied dense first) agree with the reference', () => {
    // [32, 4, 16, 8] read from [32, 16, 4, 8] storage (the heads of an attention), against a dense
    // operand, a scalar, and itself; a comparison into bool bytes too.
    const shape = [32, 4, 16, 8];
    const n = shape.reduce((a, b) => a * b, 1);
    const permuted: View = { data: values(n + 5, 3), offset: 5, strides: [512, 8, 32, 1] };
    const dense: View = { data: values(n, 4), offset: 0, strides: [512, 128, 8, 1] };
    const scalar: View = { data: Float32Array.of(0.5), offset: 0, strides: [0, 0, 0, 0] };
    for (const op of ops) {
      for (const [a, b] of [
        [permuted, dense],
        [dense, permuted],
        [permuted, scalar],
        [permuted, permuted],
      ] as const) {
        const [got, want] = bothKernels(op, a, b, shape, () => new Float32Array(n));
        assert.deepEqual(got, want, op);
      }
    }
    const [got, want] = bothKernels('lt', permuted, dense, shape, () => new Uint8Array(n));
    assert.deepEqual(got, want);
  });
} else {
  test('without the addon the reference binary kernel stands alone', () => {
    assert.equal(native, undefined);
  });
}
