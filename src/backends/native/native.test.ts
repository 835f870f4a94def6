import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceBackend } from '../reference/index.js';
import type {
  AdamUpdateOptions,
  BinaryOp,
  GemmShape,
  Kernels,
  PackedMatrix,
  SgdUpdateOptions,
  TypedArray,
  UnaryOp,
  View,
  WindowGeometry,
} from '../types.js';
import { loadAddon } from './addon.js';
import { loadNativeBackend } from './index.js';

const { backend: nativeBackend, reason: nativeUnavailableReason } = loadNativeBackend();

import { nativeTestSetup } from './native-test-setup.js';

// The complete reference table: its core kernels and the fallbacks for the optional ones.
const referenceKernels = referenceBackend.kernels;

// A small seeded generator, so a failure reproduces.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1; // uniform in [-1, 1)
  };
}

function filled(length: number, next: () => number): Float32Array {
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) x[i] = next();
  return x;
}

/** The plain triple loop in float64, with Σ|a||b| per element for the error bound. */
function referenceMatmul(
  a: Float32Array,
  b: Float32Array,
  g: GemmShape,
): { c: Float64Array; mag: Float64Array } {
  const { batch, m, n, k } = g;
  const c = new Float64Array(batch * m * n);
  const mag = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const av = a[t * g.strideA + (g.transA ? p * m + i : i * k + p)]!;
          const bv = b[t * g.strideB + (g.transB ? j * k + p : p * n + j)]!;
          sum += av * bv;
          abs += Math.abs(av * bv);
        }
        c[(t * m + i) * n + j] = sum;
        mag[(t * m + i) * n + j] = abs;
      }
    }
  }
  return { c, mag };
}

function shape(batch: number, m: number, n: number, k: number, rest: Partial<GemmShape> = {}): GemmShape {
  return { batch, m, n, k, transA: false, transB: false, strideA: m * k, strideB: k * n, ...rest };
}

/**
 * Runs a matmul kernel (native by default) on random operands and compares it with the triple
 * loop; with `g.accumulate`, out starts random and must end as that plus the product; `g.bias` is
 * added to every row.
 */
function checkMatmul(g: GemmShape, seed = 1, matmul = nativeBackend!.kernels.matmul): void {
  const next = random(seed);
  const spanA = g.batch === 0 ? 0 : (g.batch - 1) * g.strideA + g.m * g.k;
  const spanB = g.batch === 0 ? 0 : (g.batch - 1) * g.strideB + g.k * g.n;
  const a = filled(spanA, next);
  const b = filled(spanB, next);
  const size = g.batch * g.m * g.n;
  // Without accumulate, NaN checks that every element is overwritten.
  const out = g.accumulate ? filled(size, next) : new Float32Array(size).fill(Number.NaN);
  const { c, mag } = referenceMatmul(a, b, g);
  for (let i = 0; g.bias && i < size; i++) {
    c[i]! += g.bias[i % g.n]!;
    mag[i]! += Math.abs(g.bias[i % g.n]!);
  }
  if (g.accumulate) {
    for (let i = 0; i < size; i++) {
      c[i]! += out[i]!;
      mag[i]! += Math.abs(out[i]!);
    }
  }
  matmul(a, b, out, g);
  for (let i = 0; i < out.length; i++) {
    // float32 rounding: each of the k products and sums errs by at most ~2⁻²⁴ of Σ|a·b|.
    const tolerance = 4 * (g.k + 2) * 2 ** -24 * mag[i]! + 1e-30;
    const error = Math.abs(out[i]! - c[i]!);
    if (!(error <= tolerance)) {
      assert.fail(`${JSON.stringify(g)}: out[${i}] = ${out[i]}, expected ${c[i]} (±${tolerance})`);
    }
  }
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [4, 4, 4],
  [7, 13, 29],
  [33, 65, 17],
  [6, 16, 256],
  [13, 37, 300], // k past one depth block: later blocks accumulate into C
  [270, 40, 50], // m past one row block and past the rows packed whole (256 on AVX-512)
  [3, 2100, 5], // n past one column block
  [150, 100, 600], // large enough to run on every thread, split by columns
  [300, 5, 400], // few columns: split by rows
  [160, 49, 600], // a 7×7 plane's columns: A read in place, the last panel one vector wide
  [1, 257, 33],
  [65, 1, 70],
  // One row (a linear layer at batch 1): B read in its own layout, no packing (native/gemv.cc),
  // tails of 8 and of 1 in the dot products, and a B large enough to split over the threads.
  [1, 300, 37],
  [1, 1000, 512],
];

/** Checks matmulPacked of `kernels` against the triple loop, as checkMatmul does for matmul. */
function checkPacked(
  kernels: Kernels,
  m: number,
  n: number,
  k: number,
  transB: boolean,
  accumulate: boolean,
): void {
  const g = shape(1, m, n, k, { transB, accumulate, strideA: 0, strideB: 0 });
  const packedOnce = new Map<TypedArray, PackedMatrix>();
  // matmul through the packed path: B is packed on first use and reused.
  checkMatmul(g, 9, (a, b, out) => {
    const packed = packedOnce.get(b) ?? kernels.packMatmulB(b, k, n, transB);
    packedOnce.set(b, packed);
    kernels.matmulPacked(a, packed, out, m, accumulate);
  });
}

test('the reference matmulPacked is the plain product on B', () => {
  for (const [m, n, k] of shapes.slice(0, 6)) {
    for (const transB of [false, true]) checkPacked(referenceKernels, m, n, k, transB, transB);
  }
});

test('the reference matmul with accumulate adds the product onto out (both loop orders)', () => {
  for (const [m, n, k] of shapes.slice(0, 6)) {
    for (const transB of [false, true])
      checkMatmul(shape(1, m, n, k, { transB, accumulate: true }), 6, referenceKernels.matmul);
  }
  checkMatmul(shape(2, 5, 6, 7, { transA: true, accumulate: true }), 7, referenceKernels.matmul);
  checkMatmul(shape(2, 5, 6, 7, { bias: Float32Array.of(1, -2, 3, 0.5, 9, -1) }), 8, referenceKernels.matmul);
  checkMatmul(
    shape(1, 4, 3, 5, { transB: true, accumulate: true, bias: Float32Array.of(2, 0, -3) }),
    9,
    referenceKernels.matmul,
  );
});

if (nativeBackend === undefined) {
  test('native addon unavailable', () => {
    assert.equal(nativeBackend, undefined);
    assert.equal(typeof nativeUnavailableReason, 'string');
    assert.ok(nativeUnavailableReason!.length > 0);
  });
} else {
  const { backend, addon, isas, defaultIsa, defaultThreads, using } = nativeTestSetup()!;

  test('the native backend loads and reports its kernel and threads', () => {
    assert.equal(nativeUnavailableReason, undefined);
    assert.equal(backend.name, 'native');
    assert.ok(isas.includes(defaultIsa), `isa ${defaultIsa}`);
    assert.ok(defaultThreads >= 1);
  });

  for (const isa of isas) {
    for (const threads of [1, 2]) {
      const label = `${isa}, ${threads} thread${threads > 1 ? 's' : ''}`;
      const each = (fn: () => void) => () => using(isa, threads, fn);

      test(
        `matmul agrees with the triple loop for every transpose (${label})`,
        each(() => {
          for (const [m, n, k] of shapes) {
            for (const transA of [false, true]) {
              for (const transB of [false, true]) checkMatmul(shape(1, m, n, k, { transA, transB }));
            }
          }
        }),
      );

      test(
        `batched matmul with broadcast strides (${label})`,
        each(() => {
          checkMatmul(shape(3, 5, 7, 9)); // odd batch on two threads: each item split in two
          checkMatmul(shape(4, 40, 50, 60, { transB: true }));
          checkMatmul(shape(3, 8, 9, 10, { strideA: 0 })); // one A for every B
          checkMatmul(shape(5, 64, 48, 200, { strideB: 0, transA: true })); // one B: a shared weight
          checkMatmul(shape(2, 3, 4, 5, { strideA: 0, strideB: 0 }));
        }),
      );

      test(
        `matmul with accumulate adds the product onto out (${label})`,
        each(() => {
          for (const [m, n, k] of shapes) {
            for (const transA of [false, true]) {
              for (const transB of [false, true])
                checkMatmul(shape(1, m, n, k, { transA, transB, accumulate: true }), 3);
            }
          }
          // The recurrent step's shape, and a batch with a broadcast weight.
          checkMatmul(shape(1, 32, 1024, 256, { transB: true, accumulate: true }), 4);
          checkMatmul(shape(3, 8, 9, 10, { strideB: 0, accumulate: true }), 5);
          checkMatmul(shape(3, 1, 300, 40, { strideB: 0, accumulate: true }), 6);
          // k = 0 adds nothing.
          const out = new Float32Array([1, 2, 3, 4, 5, 6]);
          backend.kernels.matmul(
            new Float32Array(0),
            new Float32Array(0),
            out,
            shape(1, 2, 3, 0, { accumulate: true }),
          );
          assert.deepEqual([...out], [1, 2, 3, 4, 5, 6]);
        }),
      );

      test(
        `matmul with a bias adds it to every row, with and without accumulate (${label})`,
        each(() => {
          const next = random(11);
          for (const [m, n, k] of shapes) {
            for (const transB of [false, true]) {
              for (const accumulate of [false, true])
                checkMatmul(shape(1, m, n, k, { transB, accumulate, bias: filled(n, next) }), 12);
            }
          }
          // A batch with a broadcast weight (one bias for every product), and k = 0: out is the bias.
          checkMatmul(shape(3, 8, 9, 10, { strideB: 0, bias: filled(9, next) }), 13);
          const out = new Float32Array(6).fill(7);
          backend.kernels.matmul(
            new Float32Array(0),
            new Float32Array(0),
            out,
            shape(1, 2, 3, 0, { bias: Float32Array.of(1, 2, 3) }),
          );
          assert.deepEqual([...out], [1, 2, 3, 1, 2, 3]);
        }),
      );

      test(
        `matmulPacked (B packed once into the kernel's panels) agrees with the triple loop (${label})`,
        each(() => {
          for (const [m, n, k] of shapes) {
            for (const transB of [false, true]) {
              for (const accumulate of [false, true])
                checkPacked(backend.kernels, m, n, k, transB, accumulate);
            }
          }
          checkPacked(backend.kernels, 32, 1024, 256, true, true); // the LSTM's recurrent steps
          checkPacked(backend.kernels, 32, 256, 1024, false, false);
        }),
      );

      test(
        `matmul with k = 0 writes zeros, with m or n = 0 writes nothing (${label})`,
        each(() => {
          const out = new Float32Array(6).fill(7);
          backend.kernels.matmul(new Float32Array(0), new Float32Array(0), out, shape(1, 2, 3, 0));
          assert.deepEqual([...out], [0, 0, 0, 0, 0, 0]);
          const untouched = new Float32Array(4).fill(7);
          backend.kernels.matmul(new Float32Array(0), new Float32Array(12), untouched, shape(1, 0, 3, 4));
          backend.kernels.matmul(new Float32Array(12), new Float32Array(0), untouched, shape(1, 3, 0, 4));
          backend.kernels.matmul(new Float32Array(0), new Float32Array(0), untouched, shape(0, 3, 3, 3));
          assert.deepEqual([...untouched], [7, 7, 7, 7]);
        }),
      );
    }
  }

  test('a B packed for one kernel still multiplies correctly after the ISA changes', () => {
    const next = random(21);
    const [m, n, k] = [7, 40, 30];
    const a = filled(m * k, next);
    const b = filled(n * k, next);
    const expected = new Float32Array(m * n);
    backend.kernels.matmul(a, b, expected, shape(1, m, n, k, { transB: true }));
    const packed = backend.kernels.packMatmulB(b, k, n, true);
    for (const isa of isas) {
      addon.setIsa(isa);
      try {
        const out = new Float32Array(m * n);
        backend.kernels.matmulPacked(a, packed, out, m, false);
        for (let i = 0; i < out.length; i++)
          assert.ok(Math.abs(out[i]! - expected[i]!) < 1e-4, `${isa}: out[${i}]`);
      } finally {
        addon.setIsa(defaultIsa);
      }
    }
  });

  test('matmul works in place on views into larger buffers', () => {
    // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
    const memory = new Float32Array([9, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 9]);
    const out = memory.subarray(9, 13);
    backend.kernels.matmul(memory.subarray(1, 5), memory.subarray(5, 9), out, shape(1, 2, 2, 2));
    assert.deepEqual([...memory], [9, 1, 2, 3, 4, 5, 6, 7, 8, 19, 22, 43, 50, 9]);
  });

  test('matmul falls back to the reference kernel for float64', () => {
    const out = new Float64Array(4);
    backend.kernels.matmul(
      new Float64Array([1, 2, 3, 4]),
      new Float64Array([5, 6, 7, 8]),
      out,
      shape(1, 2, 2, 2),
    );
    assert.deepEqual([...out], [19, 22, 43, 50]);
  });

  test('the addon rejects operands shorter than their shape instead of overrunning them', () => {
    const a = new Float32Array(4);
    assert.throws(
      () => addon.matmul(a, a, new Float32Array(3), 1, 2, 2, 2, false, false, 4, 4, false, null),
      RangeError,
    );
    assert.throws(
      () => addon.matmul(a, a, new Float32Array(8), 2, 2, 2, 2, false, false, 4, 4, false, null),
      RangeError,
    );
    // A bias shorter than n.
    assert.throws(
      () =>
        addon.matmul(a, a, new Float32Array(4), 1, 2, 2, 2, false, false, 4, 4, false, new Float32Array(1)),
      RangeError,
    );
    const short = new Float32Array(addon.gemmPackedSize(2, 2) - 17);
    assert.throws(() => addon.gemmPackB(a, 2, 2, false, short), RangeError);
    assert.throws(() => addon.matmulPacked(a, short, a, 2, 2, 2, false), RangeError);
    assert.throws(
      () => addon.matmulPacked(a, new Float32Array(64), new Float32Array(3), 2, 2, 2, false),
      RangeError,
    );
    assert.throws(
      () => addon.matmul(new Float64Array(4) as never, a, a, 1, 2, 2, 2, false, false, 4, 4, false, null),
      TypeError,
    );
  });

  test('setNumThreads resizes the pool and rejects nonsense', () => {
    backend.setNumThreads(3);
    assert.equal(backend.numThreads(), 3);
    checkMatmul(shape(1, 120, 130, 140));
    backend.setNumThreads(defaultThreads);
    assert.equal(backend.numThreads(), defaultThreads);
    assert.throws(() => backend.setNumThreads(0), RangeError);
  });

  // Values that catch sign, NaN and infinity handling, then ordinary random ones.
  function elementwiseInput(length: number, seed: number): Float32Array {
    const specials = [
      0,
      -0,
      1,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e-40,
      3.5,
    ];
    const next = random(seed);
    const x = new Float32Array(length);
    for (let i = 0; i < length; i++) x[i] = i < specials.length ? specials[i]! : next() * 10;
    return x;
  }

  /** Equal as float32 values, NaN equal to NaN, and -0 distinct from 0 unless `ulps` > 0. */
  function assertClose(actual: Float32Array, expected: Float32Array, what: string, ulps = 0): void {
    assert.equal(actual.length, expected.length);
    for (let i = 0; i < actual.length; i++) {
      const x = actual[i]!;
      const y = expected[i]!;
      if (Object.is(x, y)) continue;
      // Subnormal results have fewer bits: there a tolerance relative to them would be too tight.
      const close = ulps > 0 && Math.abs(x - y) <= ulps * 2 ** -23 * Math.abs(y) + ulps * 2 ** -149;
      assert.ok(close, `${what}: [${i}] = ${x}, the reference gives ${y}`);
    }
  }

  const unaryOps: UnaryOp[] = [
    'neg',
    'abs',
    'square',
    'sqrt',
    'rsqrt',
    'reciprocal',
    'relu',
    'step',
    'exp',
    'tanh',
    'log',
    'sigmoid',
  ];
  // The polynomial kernels are a few ulp off the correctly rounded reference; the rest are exact.
  const ulpsOf = (op: UnaryOp): number =>
    op === 'rsqrt' ? 1 : ['exp', 'tanh', 'log', 'sigmoid'].includes(op) ? 8 : 0;
  // 70,001 elements: long enough for the kernels to split the work over two threads.
  test('unary agrees with the reference kernel', () => {
    backend.setNumThreads(2);
    for (const length of [3, 100, 1001, 70_001]) {
      const x = elementwiseInput(length, length);
      for (const op of unaryOps) {
        const out = new Float32Array(length);
        const expected = new Float32Array(length);
        backend.kernels.unary(op, x, out);
        referenceKernels.unary(op, x, expected);
        assertClose(out, expected, `${op} (${length})`, ulpsOf(op));
      }
    }
    backend.setNumThreads(defaultThreads);
  });

  const binaryOps: BinaryOp[] = [
    'add',
    'sub',
    'mul',
    'div',
    'maximum',
    'minimum',
    'reluBackward',
    'pow',
    'lt',
  ];
  function checkBinary(rows: number, cols: number): void {
    const shape = [rows, cols];
    const memory = elementwiseInput(2 * rows * cols + 5, 7);
    const dense = (offset: number): View => ({ data: memory, offset, strides: [cols, 1] });
    const layouts: [string, View, View][] = [
      ['dense', dense(0), dense(rows * cols + 3)],
      ['b a row (bias)', dense(2), { data: memory, offset: 9, strides: [0, 1] }],
      ['a a row', { data: memory, offset: 1, strides: [0, 1] }, dense(0)],
      ['b a scalar', dense(0), { data: memory, offset: 8, strides: [0, 0] }],
      ['a a scalar', { data: memory, offset: 2, strides: [0, 0] }, dense(1)],
      ['b a column (reference path)', dense(0), { data: memory, offset: 0, strides: [1, 0] }],
      ['a transposed (reference path)', { data: memory, offset: 0, strides: [1, rows] }, dense(5)],
    ];
    for (const [name, a, b] of layouts) {
      for (const op of binaryOps) {
        const out = new Float32Array(rows * cols);
        const expected = new Float32Array(rows * cols);
        backend.kernels.binary(op, a, b, shape, out);
        referenceKernels.binary(op, a, b, shape, expected);
        assertClose(out, expected, `${op}, ${name} (${rows}×${cols})`);
      }
    }
  }

  test('binary agrees with the reference kernel, dense and broadcast', () => {
    checkBinary(20, 33);
    // Large enough to split over two threads, with ranges that must start on a row of the bias.
    backend.setNumThreads(2);
    checkBinary(701, 101);
    backend.setNumThreads(defaultThreads);
  });

  test('the pool runs every task exactly once over thousands of back-to-back parallel calls', () => {
    // Each call splits over the threads; a task skipped or run twice by the claim protocol
    // (a late worker, the caller taking over) would leave a wrong or stale element behind.
    const n = 70_001;
    const a = elementwiseInput(n, 3);
    const out = new Float32Array(n);
    for (const threads of [2, 3]) {
      backend.setNumThreads(threads);
      for (let i = 0; i < 800; i++) {
        const b: View = { data: Float32Array.of(i), offset: 0, strides: [0] };
        backend.kernels.binary('add', { data: a, offset: 0, strides: [1] }, b, [n], out);
        if ([10, n >> 1, n - 1].some((j) => out[j] !== Math.fround(a[j]! + i))) {
          assert.fail(`call ${i} with ${threads} threads left a stale element`);
        }
      }
    }
    backend.setNumThreads(defaultThreads);
  });

  test('maximum and minimum order -0 below 0 and propagate NaN, as the reference', () => {
    const n = 64;
    const a = new Float32Array(n).fill(-0);
    const b = new Float32Array(n).fill(0);
    a[1] = Number.NaN;
    const max = new Float32Array(n);
    const min = new Float32Array(n);
    const view = (data: Float32Array): View => ({ data, offset: 0, strides: [1] });
    backend.kernels.binary('maximum', view(a), view(b), [n], max);
    backend.kernels.binary('minimum', view(b), view(a), [n], min);
    assert.ok(Object.is(max[0], 0) && Object.is(min[0], -0));
    assert.ok(Number.isNaN(max[1]!) && Number.isNaN(min[1]!));
  });

  test('comparisons write the same 0/1 bytes as the reference (dense, scalar and row operands)', () => {
    const values = [0, -0, 1, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const rows = 9;
    const cols = 8;
    const n = rows * cols;
    const x = Float32Array.from(
      { length: n },
      (_, i) => values[i % values.length]! * (i < 8 ? 1 : (i % 3) - 1),
    );
    const y = Float32Array.from({ length: n }, (_, i) => values[(i * 5 + 3) % values.length]!);
    const dense = (data: Float32Array): View => ({ data, offset: 0, strides: [cols, 1] });
    const layouts: [string, View, View][] = [
      ['dense', dense(x), dense(y)],
      ['scalar b', dense(x), { data: Float32Array.of(0), offset: 0, strides: [0, 0] }],
      ['scalar a', { data: Float32Array.of(1), offset: 0, strides: [0, 0] }, dense(y)],
      ['row b', dense(x), { data: y, offset: 3, strides: [0, 1] }],
      ['NaN scalar', dense(x), { data: Float32Array.of(Number.NaN), offset: 0, strides: [0, 0] }],
    ];
    for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
      for (const [label, a, b] of layouts) {
        const got = new Uint8Array(n);
        const want = new Uint8Array(n);
        backend.kernels.binary(op, a, b, [rows, cols], got);
        referenceBackend.kernels.binary(op, a, b, [rows, cols], want);
        assert.deepEqual(got, want, `${op}, ${label}`);
      }
    }
  });

  test('clamp in one pass equals maximum then minimum of the reference, bit for bit', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      6,
      -6,
      2.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0.1,
    ];
    const n = 75;
    const x = Float32Array.from(
      { length: n },
      (_, i) => values[i % values.length]! * (i < 11 ? 1 : 1 + i / 64),
    );
    const bounds: [number, number][] = [
      [0, 6],
      [-0, 0],
      [0, -0],
      [-0, -0],
      [-1, 1],
      [-6, -1],
      [0.1, 2.5],
      [Number.NEGATIVE_INFINITY, 1],
      [-1, Number.POSITIVE_INFINITY],
    ];
    const dense: View = { data: x, offset: 0, strides: [1] };
    const scalar = (c: number): View => ({ data: Float32Array.of(c), offset: 0, strides: [0] });
    for (const [lo, hi] of bounds) {
      const low = new Float32Array(n);
      const want = new Float32Array(n);
      referenceBackend.kernels.binary('maximum', dense, scalar(lo), [n], low);
      referenceBackend.kernels.binary(
        'minimum',
        { data: low, offset: 0, strides: [1] },
        scalar(hi),
        [n],
        want,
      );
      const got = new Float32Array(n);
      backend.kernels.clamp(x, lo, hi, got);
      for (let i = 0; i < n; i++) {
        if (!Object.is(got[i], want[i]))
          assert.fail(`clamp(${x[i]}, ${lo}, ${hi}) = ${got[i]}, expected ${want[i]}`);
      }
    }
  });

  test('maximum and minimum against one number (clamp, ReLU6) agree with the reference bit for bit', () => {
    const values = [0, -0, 1, -1, 6, -6, 2.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const n = 70; // past the native threshold, with a tail after the vector blocks
    const x = Float32Array.from(
      { length: n },
      (_, i) => values[i % values.length]! * (i < 10 ? 1 : 1 + i / 64),
    );
    for (const op of ['maximum', 'minimum'] as const) {
      for (const c of [0, -0, 6, -6, 1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
        const scalar: View = { data: Float32Array.of(c), offset: 0, strides: [0] };
        const dense: View = { data: x, offset: 0, strides: [1] };
        for (const [a, b] of [
          [dense, scalar],
          [scalar, dense],
        ] as const) {
          const got = new Float32Array(n);
          const want = new Float32Array(n);
          backend.kernels.binary(op, a, b, [n], got);
          referenceBackend.kernels.binary(op, a, b, [n], want);
          for (let i = 0; i < n; i++) {
            if (!Object.is(got[i], want[i]))
              assert.fail(
                `${op}(${a === scalar ? `${c}, x` : `x, ${c}`}) at ${x[i]}: ${got[i]}, expected ${want[i]}`,
              );
          }
        }
      }
    }
  });

  /**
   * Transcendental inputs: IEEE specials, the edges of exp's range (overflow at 88.72, the
   * subnormal results below −87.3, underflow near −103.97), tanh's series/exp switch at 0.4,
   * and dense random sweeps, at odd lengths so the padded tail block runs too.
   */
  function transcendentalInput(length: number, seed: number, scale: number): Float32Array {
    const specials = [
      0,
      -0,
      1,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e-40,
      -1e-40,
      88.72,
      88.73,
      89,
      -87.3,
      -95,
      -103.9,
      -104,
      -200,
      1e30,
      -1e30,
      0.4,
      -0.4,
      0.3999,
      9.5,
      -9.5,
      1.17549435e-38,
      3.4e38,
      0.70710677,
      Math.SQRT2,
      1e-7,
      -1e-7,
    ];
    const next = random(seed);
    const x = new Float32Array(length);
    for (let i = 0; i < length; i++) x[i] = i < specials.length ? specials[i]! : next() * scale;
    return x;
  }

  test('exp, log, tanh and sigmoid stay within 8 ulp of the reference, with its special values, on every ISA', () => {
    for (const [isa, length] of isas.flatMap((isa) => [67, 1001].map((n) => [isa, n] as const))) {
      addon.setIsa(isa);
      for (const scale of [1, 20, 100]) {
        const x = transcendentalInput(length, length + scale, scale);
        const positive = x.map(Math.abs); // log's interesting domain, plus 0, Inf and NaN
        for (const op of ['exp', 'log', 'tanh', 'sigmoid'] as const) {
          for (const input of [x, positive]) {
            const out = new Float32Array(length);
            const expected = new Float32Array(length);
            backend.kernels.unary(op, input, out);
            referenceKernels.unary(op, input, expected);
            assertClose(out, expected, `${op} (${length}, scale ${scale}, ${isa})`, 8);
          }
        }
      }
    }
    addon.setIsa(defaultIsa);
  });

  test('erf, gelu and geluBackward agree with the reference within float32 rounding, specials included, on every ISA', () => {
    backend.setNumThreads(2);
    for (const [isa, length] of isas.flatMap((isa) => [67, 70_001].map((n) => [isa, n] as const))) {
      addon.setIsa(isa);
      for (const scale of [1, 8]) {
        const x = transcendentalInput(length, length + scale, scale);
        x.set([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, -12, 12]);
        const dy = transcendentalInput(length, 3 * length + scale, 2);
        for (const op of ['erf', 'gelu'] as const) {
          const out = new Float32Array(length);
          const expected = new Float32Array(length);
          backend.kernels.unary(op, x, out);
          referenceKernels.unary(op, x, expected);
          for (let i = 0; i < length; i++) {
            // Rounding x/√2 to float32 moves Φ's far tail by a relative ~x²·2⁻²⁴: allow for it.
            const tolerance = 8 * 2 ** -23 * (1 + x[i]! * x[i]!) * Math.abs(expected[i]!) + 2 ** -149;
            const close = Object.is(out[i], expected[i]) || Math.abs(out[i]! - expected[i]!) <= tolerance;
            assert.ok(
              close,
              `${op} [${i}] (x ${x[i]}, ${isa}): ${out[i]}, the reference gives ${expected[i]}`,
            );
          }
        }
        const view = (data: Float32Array): View => ({ data, offset: 0, strides: [1] });
        const out = new Float32Array(length);
        const expected = new Float32Array(length);
        backend.kernels.binary('geluBackward', view(dy), view(x), [length], out);
        referenceKernels.binary('geluBackward', view(dy), view(x), [length], expected);
        for (let i = 0; i < length; i++) {
          // The slope crosses 0 near x = −0.75: there only an absolute bound is meaningful.
          const close =
            Object.is(out[i], expected[i]) ||
            Math.abs(out[i]! - expected[i]!) <= 1e-6 * (1 + Math.abs(dy[i]!));
          assert.ok(
            close,
            `geluBackward [${i}] (x ${x[i]}, dy ${dy[i]}, ${isa}): ${out[i]}, the reference gives ${expected[i]}`,
          );
        }
      }
    }
    addon.setIsa(defaultIsa);
    backend.setNumThreads(defaultThreads);
  });

  test('exp overflows to Inf and underflows to 0, log of 0 is -Inf and of negatives NaN', () => {
    const n = 64;
    const x = new Float32Array(n).fill(1);
    x.set([89, -104, 0, -1, -0, Number.NaN, 1e-45, 1e4]);
    const exp = new Float32Array(n);
    const log = new Float32Array(n);
    const sigmoid = new Float32Array(n);
    backend.kernels.unary('exp', x, exp);
    backend.kernels.unary('log', x, log);
    backend.kernels.unary('sigmoid', x, sigmoid);
    assert.deepEqual([exp[0], exp[1], exp[7]], [Number.POSITIVE_INFINITY, 0, Number.POSITIVE_INFINITY]);
    assert.ok(Number.isNaN(exp[5]!));
    assert.equal(exp[8], Math.fround(Math.E));
    assert.deepEqual([log[2], log[4], log[8]], [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 0]);
    assert.ok(Number.isNaN(log[3]!) && Number.isNaN(log[5]!));
    // log(2⁻¹⁴⁹) = −149·ln 2 ≈ −103.2789
    assert.ok(Math.abs(log[6]! + 149 * Math.LN2) < 1e-4);
    // σ(−104) ≈ e^−104 rounds to 0 in float32, σ(10⁴) = 1: no overflow, no NaN.
    assert.deepEqual([sigmoid[1], sigmoid[7], sigmoid[2]], [0, 1, 0.5]);
  });

  /** A window over `inSize` with the same padding on both sides: out = ⌊(in + 2p − d(k−1) − 1)/s⌋ + 1. */
  function geometry(
    inSize: number[],
    k: number[],
    stride: number[],
    padding: number[],
    dilation: number[],
  ): WindowGeometry {
    const outSize = inSize.map(
      (n, i) => Math.floor((n + 2 * padding[i]! - dilation[i]! * (k[i]! - 1) - 1) / stride[i]!) + 1,
    );
    return { inSize, kernelSize: k, outSize, stride, padding, dilation };
  }

  const windows: WindowGeometry[] = [
    geometry([7], [3], [1], [1], [1]),
    geometry([9], [2], [3], [0], [2]),
    geometry([5, 6], [3, 3], [1, 1], [1, 1], [1, 1]),
    geometry([8, 7], [3, 2], [2, 3], [1, 0], [1, 2]),
    geometry([4, 5], [5, 5], [1, 1], [2, 2], [1, 1]), // windows wider than the input
    geometry([3, 4, 5], [2, 3, 2], [1, 2, 1], [1, 1, 0], [2, 1, 1]),
    // Stride 2 along rows wide enough for col2im's four-at-a-time adds (NOTE(col2im-stride2)):
    // odd and even widths, padding 0–2, a dilated window.
    geometry([5, 23], [3, 3], [2, 2], [1, 1], [1, 1]),
    geometry([4, 20], [2, 3], [1, 2], [0, 0], [1, 1]),
    geometry([3, 30], [1, 3], [1, 2], [0, 2], [1, 2]),
    geometry([2, 17], [2, 4], [2, 2], [1, 1], [1, 1]),
  ];
  const size = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

  test('im2col and col2im agree exactly with the reference kernels', () => {
    const channels = 3;
    for (const [i, g] of windows.entries()) {
      const x = elementwiseInput(channels * size(g.inSize), 40 + i);
      const rows = channels * size(g.kernelSize);
      const cols = new Float32Array(rows * size(g.outSize)).fill(Number.NaN); // must be overwritten
      const expected = new Float32Array(cols.length);
      backend.kernels.im2col(x, channels, g, cols);
      referenceKernels.im2col(x, channels, g, expected);
      assertClose(cols, expected, `im2col ${JSON.stringify(g)}`);
      const dy = filled(cols.length, random(50 + i));
      const dx = filled(x.length, random(60 + i)); // col2im adds into what is there
      for (let j = 0; j < dx.length; j += 5) dx[j] = -0; // stays −0 where nothing lands
      for (let j = 3; j < dx.length; j += 11) dx[j] = Number.NaN;
      const dxExpected = dx.slice();
      backend.kernels.col2im(dy, channels, g, dx);
      referenceKernels.col2im(dy, channels, g, dxExpected);
      assertClose(dx, dxExpected, `col2im ${JSON.stringify(g)}`);
    }
  });

  test('max pooling agrees exactly with the reference kernels, NaN and ties included', () => {
    const planes = 2;
    for (const [i, g] of windows.entries()) {
      const inPlane = size(g.inSize);
      const outPlane = size(g.outSize);
      const x = elementwiseInput(planes * inPlane, 70 + i).map((v, j) => (j % 5 === 4 ? 0.5 : v)); // ties
      const out = new Float32Array(planes * outPlane);
      const indices = new Int32Array(out.length);
      const expected = new Float32Array(out.length);
      const expectedIndices = new Int32Array(out.length);
      backend.kernels.maxPoolForward(x, planes, g, out, indices);
      referenceKernels.maxPoolForward(x, planes, g, expected, expectedIndices);
      assertClose(out, expected, `maxPoolForward ${JSON.stringify(g)}`);
      assert.deepEqual(indices, expectedIndices);
      const dy = filled(out.length, random(80 + i));
      const dx = new Float32Array(x.length);
      const dxExpected = new Float32Array(x.length);
      backend.kernels.maxPoolBackward(dy, indices, planes, inPlane, outPlane, dx);
      referenceKernels.maxPoolBackward(dy, indices, planes, inPlane, outPlane, dxExpected);
      assertClose(dx, dxExpected, `maxPoolBackward ${JSON.stringify(g)}`);
    }
  });

  test('the window kernels reject short arrays and bad geometry instead of overrunning them', () => {
    const g = windows[2]!;
    const x = new Float32Array(size(g.inSize)); // one channel's worth
    const cols = new Float32Array(9 * size(g.outSize) * 2);
    assert.throws(() => backend.kernels.im2col(x, 2, g, cols), /image shorter than its shape/);
    assert.throws(
      () => backend.kernels.col2im(cols.subarray(0, 9 * size(g.outSize) - 1), 1, g, x),
      /columns shorter/,
    );
    const zeroStride = { ...g, stride: [0, 1] };
    assert.throws(() => backend.kernels.im2col(x, 1, zeroStride, cols), /invalid window geometry/);
    const out = new Float32Array(size(g.outSize));
    assert.throws(
      () => backend.kernels.maxPoolForward(x, 1, g, out, new Int32Array(1)),
      /indices shorter than out/,
    );
  });

  test('the window kernels fall back to the reference for float64', () => {
    const g = windows[0]!;
    const x = Float64Array.from({ length: 7 }, (_, i) => i + 0.5);
    const cols = new Float64Array(3 * 7);
    backend.kernels.im2col(x, 1, g, cols);
    // row kw = 0 sees x[ow − 1] (0 at the padded ow = 0), row 1 sees x[ow], row 2 x[ow + 1]
    assert.deepEqual(Array.from(cols.subarray(0, 7)), [0, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
    assert.deepEqual(Array.from(cols.subarray(14)), [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 0]);
  });

  // Odd length, with the edge values in the gradient and in the parameter.
  // Long enough for the kernels to split the update over two threads.
  const optimLength = 140_003;
  const optimState = (seed: number): Float32Array => filled(optimLength, random(seed)).map(Math.abs);

  const sgdCases: SgdUpdateOptions[] = [
    { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, ema: false, first: true },
    { lr: 0.05, momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 1e-2, ema: false, first: true },
    { lr: 0.05, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 1e-2, ema: false, first: false },
    { lr: 0.05, momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0, ema: true, first: true },
    { lr: 0.05, momentum: 0.8, dampening: 0, nesterov: false, weightDecay: 0, ema: true, first: false },
  ];

  // The native SGD computes in float (as PyTorch does), the reference in double: they agree to a
  // few float ulps of the terms that enter each result, not of the result itself, which can be
  // much smaller when p and lr·g nearly cancel.
  function assertSgdClose(
    actual: Float32Array,
    expected: Float32Array,
    terms: Float64Array,
    what: string,
  ): void {
    for (let i = 0; i < actual.length; i++) {
      // Specials (NaN, ±Inf) must match exactly; finite values within the tolerance.
      const close =
        Object.is(actual[i], expected[i]) ||
        Math.abs(actual[i]! - expected[i]!) <= 4 * 2 ** -24 * terms[i]! + 2 ** -149;
      assert.ok(close, `${what}: [${i}] = ${actual[i]}, the reference gives ${expected[i]}`);
    }
  }

  test('sgdUpdate agrees with the reference kernel to float rounding of its terms', () => {
    for (const [i, o] of sgdCases.entries()) {
      const param = elementwiseInput(optimLength, 90 + i);
      const grad = elementwiseInput(optimLength, 100 + i).reverse();
      const velocity = o.momentum > 0 ? optimState(110 + i) : null;
      const [p2, v2] = [param.slice(), velocity?.slice() ?? null];
      // |g| + wd|p|, then |v| ≤ m|v₀| + |g|; the new p sums |p| and lr times those.
      const g = Float64Array.from(grad, (x, j) => Math.abs(x) + o.weightDecay * Math.abs(param[j]!));
      const v = Float64Array.from(g, (x, j) => o.momentum * Math.abs(velocity?.[j] ?? 0) + x);
      const pTerms = Float64Array.from(
        param,
        (x, j) => Math.abs(x) + o.lr * (g[j]! + (1 + o.momentum) * v[j]!),
      );
      backend.kernels.sgdUpdate(param, grad, velocity, o);
      referenceKernels.sgdUpdate(p2, grad, v2, o);
      assertSgdClose(param, p2, pTerms, `sgd param ${JSON.stringify(o)}`);
      if (velocity && v2) assertSgdClose(velocity, v2, v, `sgd velocity ${JSON.stringify(o)}`);
    }
  });

  const adamCases: AdamUpdateOptions[] = [
    { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 },
    { lr: 1e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, decoupled: false, step: 7 },
    { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled: true, step: 3 },
  ];

  test('adamUpdate (and AMSGrad) agrees with the reference kernel to a float ulp', () => {
    for (const [i, o] of adamCases.entries()) {
      for (const amsgrad of [false, true]) {
        const param = elementwiseInput(optimLength, 120 + i);
        const grad = elementwiseInput(optimLength, 130 + i).reverse();
        const m = filled(optimLength, random(140 + i));
        const v = optimState(150 + i);
        const vMax = amsgrad ? optimState(160 + i) : null;
        const [p2, m2, v2, vMax2] = [param.slice(), m.slice(), v.slice(), vMax?.slice() ?? null];
        backend.kernels.adamUpdate(param, grad, m, v, vMax, o);
        referenceKernels.adamUpdate(p2, grad, m2, v2, vMax2, o);
        const what = `adam ${JSON.stringify(o)} amsgrad ${amsgrad}`;
        assertClose(param, p2, `${what} param`, 1);
        assertClose(m, m2, `${what} m`, 1);
        assertClose(v, v2, `${what} v`, 1);
        if (vMax && vMax2) assertClose(vMax, vMax2, `${what} vMax`, 1);
      }
    }
  });

  test('one SGD step: p − lr·(g + wd·p), written out', () => {
    const param = Float32Array.of(1, -2, 0.5);
    const o = sgdCases[0]!;
    backend.kernels.sgdUpdate(param, Float32Array.of(0.5, 1, -4), null, o);
    // 1 − 0.1·0.5 = 0.95, −2 − 0.1·1 = −2.1, 0.5 + 0.1·4 = 0.9
    assert.deepEqual(Array.from(param), [0.95, -2.1, 0.9].map(Math.fround));
  });

  test('the optimizer kernels reject short state and fall back for float64', () => {
    const o = sgdCases[1]!;
    const param = new Float32Array(8);
    assert.throws(
      () => backend.kernels.sgdUpdate(param, new Float32Array(8), new Float32Array(7), o),
      /optimizer state shorter than the parameter/,
    );
    assert.throws(
      () => backend.kernels.sgdUpdate(param, new Float32Array(7), null, o),
      /grad shorter than param/,
    );
    const p64 = Float64Array.of(1, 2);
    backend.kernels.sgdUpdate(p64, Float64Array.of(1, 1), null, sgdCases[0]!);
    assert.deepEqual(Array.from(p64), [0.9, 1.9]); // 1 − 0.1, 2 − 0.1
  });

  test('reduce sum agrees exactly with the reference, over every axis layout', () => {
    // [outer, size, inner]: a last-axis sum (inner 1, rows in blocks of four and a remainder),
    // a middle axis, a first axis (outer 1), and an empty sum; then ones large enough to split
    // over the threads (by rows; by blocks of 256 columns, a short last one).
    const layouts: [number, number, number][] = [
      [7, 129, 1],
      [3, 17, 11],
      [1, 33, 65],
      [5, 0, 13],
      [1030, 70, 1],
      [1, 2048, 300],
      [3, 200, 257],
    ];
    for (const [outer, size, inner] of layouts) {
      const x = elementwiseInput(Math.max(outer * size * inner, 64), outer + size);
      for (let i = 9; i < x.length; i += 7) x[i] = x[i]! * 1e30; // ±large, so the double accumulator shows
      const out = new Float32Array(outer * inner).fill(Number.NaN);
      const expected = new Float32Array(outer * inner);
      backend.kernels.reduce('sum', x, outer, size, inner, out);
      referenceKernels.reduce('sum', x, outer, size, inner, expected);
      assertClose(out, expected, `sum [${outer}, ${size}, ${inner}]`);
    }
  });

  test('indexAdd agrees exactly with the reference: repeated indices, several outer blocks', () => {
    // [outer, size, inner] = [3, 7, 50] gathered rows of [3, 40, 50]: each row of out receives
    // several source rows, in order.
    const [outer, size, inner, count] = [3, 7, 50, 40];
    const index = Int32Array.from({ length: count }, (_, j) => (j * 5) % size);
    const src = elementwiseInput(outer * count * inner, 5);
    const start = elementwiseInput(outer * size * inner, 6);
    const out = start.slice();
    const expected = start.slice();
    backend.kernels.indexAdd(out, outer, size, inner, index, src);
    referenceKernels.indexAdd(expected, outer, size, inner, index, src);
    assert.deepEqual(out, expected);
  });

  test('the native indexAdd refuses indices out of range and short arrays', () => {
    const { addon } = loadAddon();
    const out = new Float32Array(20);
    const src = new Float32Array(300);
    assert.throws(
      () => addon!.indexAdd(out, 1, 4, 5, Int32Array.of(0, 4), src),
      /^RangeError: nabla native: indexAdd index out of range$/,
    );
    assert.throws(
      () => addon!.indexAdd(out, 1, 4, 5, Int32Array.of(-1), src),
      /^RangeError: nabla native: indexAdd index out of range$/,
    );
    assert.throws(
      () => addon!.indexAdd(out, 1, 5, 5, Int32Array.of(0), src),
      /^RangeError: nabla native: indexAdd out shorter than its shape$/,
    );
    assert.throws(
      () => addon!.indexAdd(out, 1, 4, 5, new Int32Array(61), src),
      /^RangeError: nabla native: indexAdd src shorter than its shape$/,
    );
    assert.deepEqual(out, new Float32Array(20));
  });

  test('reduce sum of [[1, 2], [3, 4]] over rows and columns, written out', () => {
    const x = new Float32Array(64);
    x.set([1, 2, 3, 4]);
    const rows = new Float32Array(2);
    const cols = new Float32Array(2);
    backend.kernels.reduce('sum', x, 2, 2, 1, rows); // [1 + 2, 3 + 4]
    backend.kernels.reduce('sum', x, 1, 2, 2, cols); // [1 + 3, 2 + 4]
    assert.deepEqual(
      [Array.from(rows), Array.from(cols)],
      [
        [3, 7],
        [4, 6],
      ],
    );
    assert.throws(() => backend.kernels.reduce('sum', x, 9, 9, 1, rows), /x shorter than its shape/);
  });
}
