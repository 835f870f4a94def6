import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradients } from '../autograd/functional.js';
import { availableBackends, getBackend, setBackend } from '../backends/registry.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { add } from './add.js';
import { cat } from './cat.js';
import { lstmCellFused } from './lstm-cell.js';
import { mul } from './mul.js';
import { narrow } from './narrow.js';
import { sigmoid } from './sigmoid.js';
import { split } from './split.js';
import { sum } from './sum.js';
import { tanh } from './tanh.js';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

// Plain loops over rows b and units j: c' = σ(i)·tanh(g) + σ(f)·c, h' = σ(o)·tanh(c').
function reference(gates: Plain, c: Plain): Plain {
  const [batch, hidden] = c.shape as [number, number];
  const data = new Array<number>(batch * 2 * hidden);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < hidden; j++) {
      const at = (k: number): number => gates.data[b * 4 * hidden + k * hidden + j]!;
      const cNext = sig(at(1)) * c.data[b * hidden + j]! + sig(at(0)) * Math.tanh(at(2));
      data[b * 2 * hidden + j] = sig(at(3)) * Math.tanh(cNext);
      data[b * 2 * hidden + hidden + j] = cNext;
    }
  }
  return { shape: [batch, 2 * hidden], data };
}

checkOp({
  name: 'lstmCellFused',
  fn: lstmCellFused,
  reference,
  domain: [-3, 3],
  cases: [
    [
      [2, 8],
      [2, 2],
    ],
    [
      [3, 12],
      [3, 3],
    ],
    [
      [1, 4],
      [1, 1],
    ],
    // 19 units: the native kernel's vector loops and their scalar tails.
    [
      [4, 76],
      [4, 19],
    ],
    [
      [0, 8],
      [0, 2],
    ],
  ],
  errors: [
    {
      what: 'a non-tensor c',
      call: () => lstmCellFused(zeros([1, 4]), 1 as never),
      message: /lstmCellFused: c must be a Tensor, got number/,
      type: ValueError,
    },
    {
      what: 'int32 gates',
      call: () => lstmCellFused(zeros([1, 4], { dtype: 'int32' }), zeros([1, 1])),
      message: /lstmCellFused: gates must be float32 or float64, got int32/,
      type: DTypeError,
    },
    {
      what: 'a 1-D c',
      call: () => lstmCellFused(zeros([1, 4]), zeros([1])),
      message: /lstmCellFused: gates and c must be 2-D, got gates \[1, 4\] and c \[1\]/,
      type: ShapeError,
    },
    {
      what: 'gates that are not 4·hidden wide',
      call: () => lstmCellFused(zeros([2, 6]), zeros([2, 2])),
      message: /lstmCellFused: gates must be \[batch, 4·hidden\] = \[2, 8\] for c \[2, 2\], got \[2, 6\]/,
      type: ShapeError,
    },
  ],
});

test('lstmCellFused of zero gates: every gate σ(0) = 0.5, tanh(0) = 0', () => {
  // c' = 0.5·c + 0.5·0 = 0.5 (c = 1) and h' = 0.5·tanh(0.5) ≈ 0.231059.
  expectClose(lstmCellFused(zeros([1, 4]), ones([1, 1])), [0.5 * Math.tanh(0.5), 0.5]);
});

/** The same step written with the small ops, as lstmCellStep did before the fused kernel. */
function composite(gates: Tensor, c: Tensor): Tensor {
  const [pi, pf, pg, po] = split(gates, c.shape[1]!, 1);
  const cNext = add(mul(sigmoid(pf!), c), mul(sigmoid(pi!), tanh(pg!)));
  return cat([mul(sigmoid(po!), tanh(cNext)), cNext], 1);
}

function randomInputs(seed: number): [Tensor, Tensor, Tensor] {
  const g = new Generator(seed);
  const draw = (shape: number[]): Tensor =>
    tensor(
      Float64Array.from({ length: shape[0]! * shape[1]! }, () => 4 * g.uniform() - 2),
      { shape, dtype: 'float64' },
    );
  return [draw([3, 8]).requiresGrad_(), draw([3, 2]).requiresGrad_(), draw([3, 4])];
}

test('lstmCellFused matches the composite step in values and gradients', () => {
  const [gates, c, w] = randomInputs(11);
  const fused = lstmCellFused(gates, c);
  const plain = composite(gates, c);
  expectClose(fused, [...plain.data()], { rtol: 1e-12, atol: 1e-12 });
  const [dg1, dc1] = gradients(sum(mul(fused, w)), [gates, c]);
  const [dg2, dc2] = gradients(sum(mul(plain, w)), [gates, c]);
  expectClose(dg1!, [...dg2!.data()], { rtol: 1e-12, atol: 1e-12 });
  expectClose(dc1!, [...dc2!.data()], { rtol: 1e-12, atol: 1e-12 });
});

test('lstmCellFused supports second derivatives (its backward runs as ops under createGraph)', () => {
  const [gates, c, w] = randomInputs(12);
  const secondOrder = (f: (g: Tensor, m: Tensor) => Tensor): Tensor[] => {
    const [dg, dc] = gradients(sum(mul(f(gates, c), w)), [gates, c], { createGraph: true });
    // d/d(gates, c) of Σ dgates² + Σ dc²: differentiates the backward itself.
    return gradients(add(sum(mul(dg!, dg!)), sum(mul(dc!, dc!))), [gates, c]);
  };
  const [hg1, hc1] = secondOrder(lstmCellFused);
  const [hg2, hc2] = secondOrder(composite);
  assert.ok(
    hg1!.data().some((v) => v !== 0),
    'a nonzero second derivative',
  );
  expectClose(hg1!, [...hg2!.data()], { rtol: 1e-10, atol: 1e-12 });
  expectClose(hc1!, [...hc2!.data()], { rtol: 1e-10, atol: 1e-12 });
});

test('lstmCellFused in float32 has the float64 gradients on every backend (the native backward)', () => {
  const [gates, c, w] = randomInputs(13);
  const [dg64, dc64] = gradients(sum(mul(composite(gates, c), w)), [gates, c]);
  const previous = getBackend().name;
  for (const backend of availableBackends()) {
    setBackend(backend);
    try {
      const g32 = gates.detach().cast('float32').requiresGrad_();
      const c32 = c.detach().cast('float32').requiresGrad_();
      const [dg, dc] = gradients(sum(mul(lstmCellFused(g32, c32), w.cast('float32'))), [g32, c32]);
      expectClose(dg!, [...dg64!.data()], { rtol: 1e-5, atol: 1e-6 });
      expectClose(dc!, [...dc64!.data()], { rtol: 1e-5, atol: 1e-6 });
    } finally {
      setBackend(previous);
    }
  }
});

test('lstmCellFused promotes float32 gates with float64 c and casts each gradient back', () => {
  const gates = zeros([1, 4]).requiresGrad_();
  const c = ones([1, 1], { dtype: 'float64' }).requiresGrad_();
  const out = lstmCellFused(gates, c);
  assert.equal(out.dtype, 'float64');
  // c' = σ(0)·c + σ(0)·tanh(0) = 0.5, so dc'/dc = σ(f) = 0.5.
  expectClose(out, [0.5 * Math.tanh(0.5), 0.5]);
  const [dg, dc] = gradients(sum(narrow(out, 1, 1, 1)), [gates, c]);
  assert.equal(dg!.dtype, 'float32');
  assert.equal(dc!.dtype, 'float64');
  // dc'/dp_i = tanh(g)·σ'(0) = 0, dc'/dp_f = c·σ'(0) = 0.25, dc'/dp_g = σ(i)·tanh'(0) = 0.5, dp_o: 0.
  expectClose(dg!, [0, 0.25, 0.5, 0]);
  expectClose(dc!, [0.5]);
});
