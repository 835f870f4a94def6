import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualSeed, nn, optim, randn, softmax, tensor } from '../../index.js';
import { getEnv } from '../../platform/env.js';
import { loadNativeBackend } from '../native/index.js';
import { nativeSignatures } from '../native/signatures.js';
import { referenceBackend } from '../reference/index.js';
import { availableBackends, backendFor, getBackend, setBackend } from '../registry.js';
import type { BinaryOp, GemmShape, TypedArray, UnaryOp, View } from '../types.js';
import { loadWasmBackend } from './index.js';
import { loadWasmModule } from './load.js';
import { defaultWasmThreads } from './threads.js';

const { backend: wasm, reason } = loadWasmBackend();
// The reference table with its fallbacks: the spec every wasm kernel is checked against.
const reference = referenceBackend.kernels;

// A small seeded generator, so a failure reproduces.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1; // uniform in [-1, 1)
  };
}

function filled(length: number, seed: number, scale = 1): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length }, () => scale * next());
}

function maxDiff(a: TypedArray, b: TypedArray): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= worst)) worst = Number.isNaN(d) ? (Number.isNaN(a[i]!) && Number.isNaN(b[i]!) ? worst : d) : d;
  }
  return worst;
}

const dense = (data: TypedArray, shape: readonly number[]): View => {
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = shape[d] === 1 ? 0 : s;
    s *= shape[d]!;
  }
  return { data, offset: 0, strides };
};

if (wasm === undefined) {
  test('wasm module unavailable: the reason says why', () => {
    assert.equal(typeof reason, 'string');
    assert.match(reason!, /nabla\.wasm|Node/);
  });
} else {
  const kernels = wasm.kernels;

  test('the module exports the native entries it was built from, with their declared signatures', () => {
    const { module } = loadWasmModule();
    const declared: Record<string, string> = nativeSignatures;
    for (const name of [
      'matmul',
      'unary',
      'binary',
      'binaryChannel',
      'reduceSum',
      'convForward',
      'adamUpdate',
    ]) {
      assert.equal(module!.signatures[name], declared[name], name);
    }
    // The N-API-only ones (threads, V8 blocks) are not in the module.
    assert.equal(module!.signatures.allocateBlock, undefined);
    assert.equal(wasm.name, 'wasm');
    assert.equal(wasm.numThreads(), defaultWasmThreads());
  });

  test('wasm is available after reference and before native; native stays the default where it loads', () => {
    const forced = getEnv('NABLA_BACKEND') === 'wasm';
    const order = availableBackends();
    assert.equal(order[0], 'reference');
    assert.equal(order[1], 'wasm');
    const native = loadNativeBackend().backend !== undefined;
    if (native) assert.equal(order[2], 'native');
    assert.equal(getBackend().name === 'wasm', forced || !native);
    // Slowest first, so the CPU device still means native where it loads.
    assert.equal(backendFor('cpu').name, native ? 'native' : 'wasm');
    const previous = getBackend().name;
    setBackend('wasm');
    try {
      assert.equal(getBackend().name, 'wasm');
    } finally {
      setBackend(previous);
    }
  });

  test('wasm matmul agrees with the reference for every transpose, batch stride and accumulate', () => {
    const cases: [number, number, number][] = [
      [1, 1, 1],
      [3, 5, 7],
      [33, 47, 29], // edges of every micro-tile
      [64, 80, 300], // k over one depth block
      [0, 4, 3],
      [4, 3, 0],
    ];
    for (const [m, n, k] of cases) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) {
            const g: GemmShape = {
              batch: 2,
              m,
              n,
              k,
              transA,
              transB,
              strideA: m * k,
              strideB: 0,
              accumulate,
            };
            const a = filled(2 * m * k, m + 7 * k);
            const b = filled(k * n, n + 3);
            const out = filled(2 * m * n, 5);
            const expected = out.slice();
            kernels.matmul(a, b, out, g);
            reference.matmul(a, b, expected, g);
            // float32 sums in another order: within k·2⁻²³ of Σ|a||b| ≤ k.
            assert.ok(maxDiff(out, expected) <= (k + 1) * 1.2e-7 * 2, `${m}×${n}×${k} ${transA} ${transB}`);
          }
        }
      }
    }
  });

  test('wasm matmul reads subarray views and survives the module growing its memory', () => {
    const { module } = loadWasmModule();
    const before = module!.memoryBytes();
    const m = 300;
    const k = 700; // over the staging area so far: it grows, and the kernel's workspace too
    const n = 260;
    const backing = filled(5 + m * k, 11);
    const a = backing.subarray(5); // a view at a byte offset
    const b = filled(k * n, 12);
    const out = new Float32Array(m * n);
    const expected = new Float32Array(m * n);
    const g: GemmShape = { batch: 1, m, n, k, transA: false, transB: false, strideA: 0, strideB: 0 };
    kernels.matmul(a, b, out, g);
    reference.matmul(a, b, expected, g);
    assert.ok(module!.memoryBytes() > before);
    assert.ok(maxDiff(out, expected) < 1e-4);
  });

  test('wasm unary ops agree with the reference (exact; rsqrt within 1 float ulp, exp/log/tanh/sigmoid 2)', () => {
    const ops: UnaryOp[] = ['neg', 'abs', 'square', 'sqrt', 'rsqrt', 'reciprocal', 'relu', 'step'];
    const costly: UnaryOp[] = ['exp', 'log', 'tanh', 'sigmoid'];
    const x = filled(1000, 3, 6);
    x[0] = 0;
    x[1] = Number.NaN;
    x[2] = -0;
    for (const op of [...ops, ...costly]) {
      const input = op === 'log' || op === 'sqrt' || op === 'rsqrt' ? x.map(Math.abs) : x;
      const out = new Float32Array(x.length);
      const expected = new Float32Array(x.length);
      kernels.unary(op, input, out);
      reference.unary(op, input, expected);
      for (let i = 0; i < x.length; i++) {
        // rsqrt rounds twice (native/elementwise.cc); one float ulp is ≤ 2⁻²³ of the value.
        const ulps = costly.includes(op) ? 2 : op === 'rsqrt' ? 1 : 0;
        const tol = ulps * 1.2e-7 * Math.abs(expected[i]!);
        assert.ok(
          Object.is(out[i], expected[i]) || Math.abs(out[i]! - expected[i]!) <= tol,
          `${op}(${input[i]}) = ${out[i]}, reference ${expected[i]}`,
        );
      }
    }
  });

  test('wasm binary ops agree exactly with the reference: dense, scalar, row and channel broadcasts', () => {
    const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'reluBackward'];
    const shape = [4, 6, 10];
    const full = filled(240, 8, 3);
    const row = filled(10, 9, 3);
    const channel = filled(6, 10, 3);
    const scalar = Float32Array.of(0.75);
    const operands: View[] = [
      dense(full, shape),
      { data: row, offset: 0, strides: [0, 0, 1] }, // a bias along the last axis
      { data: channel, offset: 0, strides: [0, 1, 0] }, // a per-channel vector
      { data: scalar, offset: 0, strides: [0, 0, 0] },
    ];
    for (const op of ops) {
      for (const other of operands) {
        for (const [a, b] of [
          [operands[0]!, other],
          [other, operands[0]!],
        ] as const) {
          const out = new Float32Array(240);
          const expected = new Float32Array(240);
          kernels.binary(op, a, b, shape, out);
          reference.binary(op, a, b, shape, expected);
          assert.equal(maxDiff(out, expected), 0, op);
        }
      }
    }
  });

  test('wasm where reads a bool (Uint8Array) condition and agrees exactly with the reference', () => {
    const shape = [8, 16];
    const cond = Uint8Array.from({ length: 128 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    const a = filled(128, 31);
    const row = filled(16, 32);
    const out = new Float32Array(128);
    const expected = new Float32Array(128);
    const views = [dense(cond, shape), dense(a, shape), { data: row, offset: 0, strides: [0, 1] }] as const;
    kernels.where(...views, shape, out);
    reference.where(...views, shape, expected);
    assert.equal(maxDiff(out, expected), 0);
    assert.equal(out[0], a[0]); // cond[0] = 1
    assert.equal(out[1], row[1]); // cond[1] = 0
  });

  test('wasm strided copy and assign agree exactly with the reference (a transpose, a column block)', () => {
    const x = filled(64 * 32, 33);
    const transposed: View = { data: x, offset: 0, strides: [1, 32] }; // x viewed as [32, 64]
    const out = new Float32Array(64 * 32);
    const expected = new Float32Array(64 * 32);
    kernels.copy(transposed, [32, 64], out);
    reference.copy(transposed, [32, 64], expected);
    assert.equal(maxDiff(out, expected), 0);
    assert.equal(out[1], x[32]);
    // Writes columns 8..39 of a [64, 48] array; the other columns keep their values.
    const dst = filled(64 * 48, 34);
    const dstExpected = dst.slice();
    const block = { offset: 8, strides: [48, 1] };
    kernels.assign({ data: dst, ...block }, dense(x, [64, 32]), [64, 32]);
    reference.assign({ data: dstExpected, ...block }, dense(x, [64, 32]), [64, 32]);
    assert.equal(maxDiff(dst, dstExpected), 0);
  });

  test('wasm sums agree exactly with the reference (accumulated in double, in order)', () => {
    const x = filled(6 * 50 * 7, 4, 100);
    for (const [outer, size, inner] of [
      [6, 50, 7],
      [300, 7, 1],
      [1, 2100, 1],
    ] as const) {
      const out = new Float32Array(outer * inner);
      const expected = new Float32Array(outer * inner);
      kernels.reduce('sum', x, outer, size, inner, out);
      reference.reduce('sum', x, outer, size, inner, expected);
      assert.equal(maxDiff(out, expected), 0);
    }
  });

  test('wasm fused kernels agree with the fallbacks: conv, LSTM cell, cross-entropy, Adam', () => {
    const window = {
      inSize: [9, 8],
      kernelSize: [3, 3],
      outSize: [4, 6],
      stride: [2, 1],
      padding: [1, 0],
      dilation: [1, 1],
    };
    const s = { batch: 2, inChannels: 4, outChannels: 6, groups: 2, window };
    const x = filled(2 * 4 * 72, 21);
    const w = filled(6 * 2 * 9, 22);
    const bias = filled(6, 23);
    const y = new Float32Array(2 * 6 * 24);
    const yRef = new Float32Array(2 * 6 * 24);
    kernels.convForward(x, w, bias, s, y);
    reference.convForward(x, w, bias, s, yRef);
    assert.ok(maxDiff(y, yRef) < 1e-5);

    const dx = new Float32Array(x.length);
    const dxRef = new Float32Array(x.length);
    kernels.convInputGrad(yRef, w, s, dx);
    reference.convInputGrad(yRef, w, s, dxRef);
    assert.ok(maxDiff(dx, dxRef) < 1e-5);

    const [batch, hidden] = [3, 5];
    const gates = filled(batch * 4 * hidden, 24, 2);
    const c = filled(batch * hidden, 25);
    const out = new Float32Array(batch * 2 * hidden);
    const saved = new Float32Array(batch * 5 * hidden);
    const outRef = out.slice();
    const savedRef = saved.slice();
    kernels.lstmCellForward(gates, c, batch, hidden, out, saved);
    reference.lstmCellForward(gates, c, batch, hidden, outRef, savedRef);
    assert.ok(maxDiff(out, outRef) < 1e-6 && maxDiff(saved, savedRef) < 1e-6);

    const logits = filled(4 * 7, 26, 4);
    const targets = Int32Array.of(0, 6, 3, -100);
    const losses = new Float32Array(4);
    const lse = new Float32Array(4);
    const lossesRef = new Float32Array(4);
    const lseRef = new Float32Array(4);
    kernels.softmaxCrossEntropy(logits, targets, 4, 7, -100, losses, lse);
    reference.softmaxCrossEntropy(logits, targets, 4, 7, -100, lossesRef, lseRef);
    assert.ok(maxDiff(losses, lossesRef) < 1e-5);
    assert.equal(losses[3], 0); // the ignored row

    const options = {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0.1,
      decoupled: true,
      step: 3,
    };
    const param = filled(100, 27);
    const grad = filled(100, 28);
    const [m, v] = [filled(100, 29), filled(100, 30).map(Math.abs)];
    const [paramRef, mRef, vRef] = [param.slice(), m.slice(), v.slice()];
    kernels.adamUpdate(param, grad, m, v, null, options);
    reference.adamUpdate(paramRef, grad, mRef, vRef, null, options);
    assert.ok(maxDiff(param, paramRef) < 1e-6 && maxDiff(m, mRef) < 1e-6 && maxDiff(v, vRef) < 1e-6);
  });

  test('a small convolutional network trains the same on wasm as on the reference backend', () => {
    // Conv, pooling, linear layers, cross-entropy and Adam: the wasm kernels end to end.
    const lossesOn = (backend: string): number[] => {
      const previous = getBackend().name;
      setBackend(backend);
      try {
        manualSeed(0);
        const model = new nn.Sequential(
          new nn.Conv2d(1, 4, 3, { padding: 1 }),
          new nn.ReLU(),
          new nn.MaxPool2d(2),
          new nn.Flatten(),
          new nn.Linear(4 * 4 * 4, 3),
        );
        const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
        const x = randn([6, 1, 8, 8]);
        const y = tensor([0, 1, 2, 0, 1, 2], { dtype: 'int32' });
        const losses: number[] = [];
        for (let step = 0; step < 4; step++) {
          optimizer.zeroGrad();
          const loss = nn.crossEntropy(model.forward(x), y);
          loss.backward();
          optimizer.step();
          losses.push(loss.item());
        }
        return losses;
      } finally {
        setBackend(previous);
      }
    };
    const expected = lossesOn('reference');
    const got = lossesOn('wasm');
    assert.ok(expected[3]! < expected[0]!, `the loss falls: ${expected}`);
    for (let i = 0; i < 4; i++)
      assert.ok(Math.abs(got[i]! - expected[i]!) < 1e-5, `step ${i}: ${got} vs ${expected}`);
  });

  test('batch norm, layer norm, softmax, an LSTM and SGD give the same gradients on wasm as on the reference', () => {
    // The optional kernels the CNN above does not reach, end to end through their ops.
    const gradientsOn = (backend: string): number[][] => {
      const previous = getBackend().name;
      setBackend(backend);
      try {
        manualSeed(1);
        const norm = new nn.BatchNorm2d(3);
        const layerNorm = new nn.LayerNorm(24);
        const lstm = new nn.LSTM(24, 16);
        const x = randn([4, 3, 4, 6]);
        const features = layerNorm.forward(norm.forward(x).reshape([4, 3, 24])); // [seq 4, batch 3, 24]
        const out = lstm.forward(features);
        softmax(out, -1)
          .mul(randn([4, 3, 16]))
          .sum()
          .backward();
        const parameters = [...norm.parameters(), ...layerNorm.parameters(), ...lstm.parameters()];
        const grads = parameters.map((p) => [...(p.grad!.toArray() as number[]).flat(2)] as number[]);
        new optim.SGD(parameters, { lr: 0.1, momentum: 0.9 }).step();
        return [...grads, ...parameters.map((p) => [...(p.toArray() as number[]).flat(2)] as number[])];
      } finally {
        setBackend(previous);
      }
    };
    const expected = gradientsOn('reference');
    const got = gradientsOn('wasm');
    assert.equal(got.length, expected.length);
    for (let i = 0; i < got.length; i++) {
      const worst = maxDiff(Float64Array.from(got[i]!), Float64Array.from(expected[i]!));
      assert.ok(worst < 1e-5, `array ${i}: differs by ${worst}`);
    }
  });

  test('a check that fails in a wasm entry throws a RangeError naming the function', () => {
    const { module } = loadWasmModule();
    // Asks for 3·4·5 elements of a 10-element array.
    assert.throws(
      () => module!.call('reduceSum', [new Float32Array(10), 3, 4, 5, new Float32Array(15)], [4]),
      (e: Error) => e instanceof RangeError && e.message === 'nabla wasm: reduceSum x shorter than its shape',
    );
  });
}
