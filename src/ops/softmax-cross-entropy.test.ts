import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradients } from '../autograd/functional.js';
import { availableBackends, getBackend, setBackend } from '../backends/registry.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { randn, tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { logSoftmax } from './log-softmax.js';
import { mul } from './mul.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { sum } from './sum.js';

// A fixed target per row (row 2 is ignored), so checkOp's random logits get deterministic labels.
const targetOf = (rows: number, classes: number): Tensor =>
  tensor(
    Array.from({ length: rows }, (_, i) => (i === 2 ? -100 : (i * 7 + 3) % classes)),
    { dtype: 'int32' },
  );

// Plain loops: loss_i = log Σ_c exp(x_ic) − x_i,t (0 for an ignored row).
function reference(x: Plain): Plain {
  const [rows, classes] = x.shape as [number, number];
  const t = targetOf(rows, classes).data();
  const data = Array.from({ length: rows }, (_, i) => {
    if (t[i] === -100) return 0;
    const row = x.data.slice(i * classes, (i + 1) * classes);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    return lse - row[t[i]!]!;
  });
  return { shape: [rows], data };
}

checkOp({
  name: 'softmaxCrossEntropy',
  fn: (x: Tensor) => softmaxCrossEntropy(x, targetOf(x.shape[0]!, x.shape[1]!)),
  reference,
  cases: [[[5, 4]], [[3, 1]], [[0, 3]], [[4, 17]]],
  errors: [
    {
      what: 'float targets',
      call: () => softmaxCrossEntropy(tensor([[1, 2]]), tensor([1])),
      message: /softmaxCrossEntropy: target must hold int32 class indices, got float32/,
      type: DTypeError,
    },
    {
      what: 'a target of the wrong length',
      call: () => softmaxCrossEntropy(tensor([[1, 2]]), tensor([1, 0], { dtype: 'int32' })),
      message: /softmaxCrossEntropy: target must have shape \[1\], got \[2\]/,
      type: ShapeError,
    },
    {
      what: 'an out-of-range class',
      call: () => softmaxCrossEntropy(tensor([[1, 2]]), tensor([2], { dtype: 'int32' })),
      message: /softmaxCrossEntropy: target 2 \(at row 0\) is out of range for 2 classes/,
      type: ValueError,
    },
    {
      what: '1-D logits',
      call: () => softmaxCrossEntropy(tensor([1, 2]), tensor([0], { dtype: 'int32' })),
      message: /softmaxCrossEntropy: logits must be \[rows, classes\], got \[2\]/,
      type: ShapeError,
    },
  ],
});

test('softmaxCrossEntropy of written-out rows, and its gradient softmax − onehot', () => {
  const previous = getBackend().name;
  for (const backend of availableBackends()) {
    setBackend(backend);
    try {
      const x = tensor([
        [0, 0],
        [2, 0],
      ]).requiresGrad_();
      const loss = softmaxCrossEntropy(x, tensor([1, 0], { dtype: 'int32' }));
      // [log 2, log(1 + e⁻²)]
      expectClose(loss, [Math.LN2, Math.log1p(Math.exp(-2))], { rtol: 1e-6 });
      const [dx] = gradients(sum(loss), [x]);
      // row 0: [½, ½] − [0, 1]; row 1: [σ(2), σ(−2)] − [1, 0]
      const s = 1 / (1 + Math.exp(-2));
      expectClose(dx!, [0.5, -0.5, s - 1, 1 - s], { rtol: 1e-6, atol: 1e-7 });
    } finally {
      setBackend(previous);
    }
  }
});

test('softmaxCrossEntropy is exact for huge logits and propagates NaN', () => {
  const previous = getBackend().name;
  for (const backend of availableBackends()) {
    setBackend(backend);
    try {
      const x = tensor([
        [1e4, 0],
        [1e4, 0],
        [Number.NaN, 0],
      ]);
      const loss = softmaxCrossEntropy(x, tensor([1, 0, 1], { dtype: 'int32' })).data();
      assert.deepEqual([...loss.slice(0, 2)], [1e4, 0]);
      assert.ok(Number.isNaN(loss[2]), `NaN logits give a NaN loss, got ${loss[2]}`);
    } finally {
      setBackend(previous);
    }
  }
});

test('softmaxCrossEntropy in float32 has the float64 gradients on every backend', () => {
  const g = new Generator(5);
  const x64 = mul(randn([33, 65], { dtype: 'float64', generator: g }), 3);
  const t = targetOf(33, 65);
  const w = randn([33], { dtype: 'float64', generator: g });
  const [d64] = gradients(sum(mul(softmaxCrossEntropy(x64.requiresGrad_(), t), w)), [x64]);
  const previous = getBackend().name;
  for (const backend of availableBackends()) {
    setBackend(backend);
    try {
      const x32 = x64.detach().cast('float32').requiresGrad_();
      const loss = softmaxCrossEntropy(x32, t);
      expectClose(loss, [...softmaxCrossEntropy(x64.detach(), t).data()], { rtol: 1e-5, atol: 1e-5 });
      const [d32] = gradients(sum(mul(loss, w.cast('float32'))), [x32]);
      expectClose(d32!, [...d64!.data()], { rtol: 1e-4, atol: 1e-6 });
    } finally {
      setBackend(previous);
    }
  }
});

test('softmaxCrossEntropy supports second derivatives (its backward runs as ops under createGraph)', () => {
  const g = new Generator(9);
  const x = randn([4, 3], { dtype: 'float64', generator: g }).requiresGrad_();
  const w = randn([4], { dtype: 'float64', generator: g });
  const t = tensor([0, 2, -100, 1], { dtype: 'int32' });
  const secondOrder = (f: (x: Tensor) => Tensor): Tensor => {
    const [dx] = gradients(sum(mul(f(x), w)), [x], { createGraph: true });
    return gradients(sum(mul(dx!, dx!)), [x])[0]!;
  };
  // The same loss as −logSoftmax at the target, written with ops (row 2 masked out).
  const composite = (z: Tensor): Tensor => {
    const q = tensor(
      [
        [1, 0, 0],
        [0, 0, 1],
        [0, 0, 0],
        [0, 1, 0],
      ],
      { dtype: 'float64' },
    );
    return mul(sum(mul(logSoftmax(z, 1), q), 1), -1);
  };
  const h1 = secondOrder((z) => softmaxCrossEntropy(z, t));
  const h2 = secondOrder(composite);
  assert.ok(
    h1.data().some((v) => v !== 0),
    'a nonzero second derivative',
  );
  expectClose(h1, [...h2.data()], { rtol: 1e-10, atol: 1e-12 });
});
