import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceKernels } from '../reference/index.js';
import type { BinaryOp, GemmShape, UnaryOp, View } from '../types.js';
import { loadAddon } from './addon.js';
import { nativeBackend, nativeUnavailableReason } from './index.js';

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

/** Runs the native matmul on random operands and compares it with the triple loop. */
function checkMatmul(g: GemmShape, seed = 1): void {
  const next = random(seed);
  const spanA = g.batch === 0 ? 0 : (g.batch - 1) * g.strideA + g.m * g.k;
  const spanB = g.batch === 0 ? 0 : (g.batch - 1) * g.strideB + g.k * g.n;
  const a = filled(spanA, next);
  const b = filled(spanB, next);
  const out = new Float32Array(g.batch * g.m * g.n).fill(Number.NaN); // must be overwritten
  nativeBackend!.kernels.matmul(a, b, out, g);
  const { c, mag } = referenceMatmul(a, b, g);
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
  [200, 40, 50], // m past one row block
  [3, 2100, 5], // n past one column block
  [150, 100, 600], // large enough to run on every thread, split by columns
  [300, 5, 400], // few columns: split by rows
  [1, 257, 33],
  [65, 1, 70],
];

if (nativeBackend === undefined) {
  test('native addon unavailable', () => {
    assert.equal(nativeBackend, undefined);
    assert.equal(typeof nativeUnavailableReason, 'string');
    assert.ok(nativeUnavailableReason!.length > 0);
  });
} else {
  const backend = nativeBackend;
  const addon = loadAddon().addon!;
  const defaultIsa = addon.isa();
  const defaultThreads = backend.numThreads();
  const isas = ['avx512', 'avx2', 'portable'].filter((isa) => addon.setIsa(isa));
  addon.setIsa(defaultIsa);

  test('the native backend loads and reports its kernel and threads', () => {
    assert.equal(nativeUnavailableReason, undefined);
    assert.equal(backend.name, 'native');
    assert.ok(isas.includes(defaultIsa), `isa ${defaultIsa}`);
    assert.ok(defaultThreads >= 1);
  });

  for (const isa of isas) {
    for (const threads of [1, 2]) {
      const label = `${isa}, ${threads} thread${threads > 1 ? 's' : ''}`;
      const each = (fn: () => void) => () => {
        addon.setIsa(isa);
        backend.setNumThreads(threads);
        try {
          fn();
        } finally {
          addon.setIsa(defaultIsa);
          backend.setNumThreads(defaultThreads);
        }
      };

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
    assert.throws(() => addon.matmul(a, a, new Float32Array(3), 1, 2, 2, 2, false, false, 4, 4), RangeError);
    assert.throws(() => addon.matmul(a, a, new Float32Array(8), 2, 2, 2, 2, false, false, 4, 4), RangeError);
    assert.throws(
      () => addon.matmul(new Float64Array(4) as never, a, a, 1, 2, 2, 2, false, false, 4, 4),
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
      const close = ulps > 0 && Math.abs(x - y) <= ulps * 2 ** -23 * Math.abs(y);
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
  ];
  test('unary agrees with the reference kernel', () => {
    for (const length of [3, 100, 1001]) {
      const x = elementwiseInput(length, length);
      for (const op of unaryOps) {
        const out = new Float32Array(length);
        const expected = new Float32Array(length);
        backend.kernels.unary(op, x, out);
        referenceKernels.unary(op, x, expected);
        assertClose(out, expected, `${op} (${length})`, op === 'rsqrt' ? 1 : 0);
      }
    }
  });

  const binaryOps: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow', 'lt'];
  test('binary agrees with the reference kernel, dense and broadcast', () => {
    const rows = 20;
    const cols = 33;
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
        assertClose(out, expected, `${op}, ${name}`);
      }
    }
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
}
