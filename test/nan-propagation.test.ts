// NaN and ±Inf flow through every kernel-backed op the same way on every backend: the reference
// backend is the spec (it skips no term: 0·NaN is NaN there too), the others must agree with it,
// forward and backward. Each case runs on a float32 input holding NaN, +Inf and -Inf at known
// places; the two results must be NaN, +Inf, -Inf in the same places and close elsewhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  availableBackends,
  avgPool2d,
  batchNorm,
  conv2d,
  crossEntropy,
  exp,
  gelu,
  getBackend,
  hardTanh,
  layerNorm,
  leakyRelu,
  linear,
  log,
  logSoftmax,
  logsumexp,
  matmul,
  max,
  maximum,
  maxPool2d,
  mean,
  minimum,
  mseLoss,
  relu,
  setBackend,
  sigmoid,
  softmax,
  softplus,
  sqrt,
  sum,
  type Tensor,
  tanh,
  tensor,
} from '../src/index.js';

const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** A float32 tensor of `shape` with smooth values and NaN, +Inf, -Inf at positions 1, 5 and 9. */
function special(shape: number[], requiresGrad = false): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 1.7) * 2);
  SPECIALS.forEach((v, k) => {
    if (1 + 4 * k < size) data[1 + 4 * k] = v;
  });
  return tensor(data, { shape, requiresGrad });
}

/** Smooth values only (weights, targets). */
function plain(shape: number[], seed = 0.3): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float32Array.from({ length: size }, (_, i) => Math.cos(i * 0.9 + seed)),
    { shape },
  );
}

type Case = [name: string, run: () => Tensor[]];

/** The op's output, and the gradient of its sum with respect to the special input. */
function withGrad(shape: number[], f: (x: Tensor) => Tensor): () => Tensor[] {
  return () => {
    const x = special(shape, true);
    const y = f(x);
    y.sum().backward();
    return [y, x.grad!];
  };
}

const cases: Case[] = [
  ['add', withGrad([16], (x) => x.add(plain([16])))],
  ['mul', withGrad([16], (x) => x.mul(plain([16])))],
  ['mul by zero', withGrad([16], (x) => x.mul(0))],
  ['div', withGrad([16], (x) => x.div(plain([16])))],
  ['maximum', withGrad([16], (x) => maximum(x, plain([16])))],
  ['minimum', withGrad([16], (x) => minimum(x, plain([16])))],
  ['relu', withGrad([16], (x) => relu(x))],
  ['leakyRelu', withGrad([16], (x) => leakyRelu(x, 0.1))],
  ['hardTanh', withGrad([16], (x) => hardTanh(x))],
  ['sigmoid', withGrad([16], (x) => sigmoid(x))],
  ['tanh', withGrad([16], (x) => tanh(x))],
  ['exp', withGrad([16], (x) => exp(x))],
  ['log', withGrad([16], (x) => log(x))],
  ['sqrt', withGrad([16], (x) => sqrt(x))],
  ['gelu', withGrad([16], (x) => gelu(x))],
  ['softplus', withGrad([16], (x) => softplus(x))],
  ['sum', withGrad([4, 4], (x) => sum(x, 1))],
  ['mean', withGrad([4, 4], (x) => mean(x, 0))],
  ['max', withGrad([4, 4], (x) => max(x, 1))],
  ['logsumexp', withGrad([4, 4], (x) => logsumexp(x, 1))],
  ['softmax', withGrad([4, 4], (x) => softmax(x, 1))],
  ['logSoftmax', withGrad([4, 4], (x) => logSoftmax(x, 1))],
  ['matmul (special left)', withGrad([4, 4], (x) => matmul(x, plain([4, 3])))],
  ['matmul (special right)', withGrad([4, 4], (x) => matmul(plain([3, 4]), x))],
  ['matmul by a zero row', withGrad([4, 4], (x) => matmul(tensor([[0, 0, 0, 0]]), x))],
  ['linear', withGrad([3, 4], (x) => linear(x, plain([5, 4]), plain([5])))],
  ['conv2d', withGrad([1, 2, 4, 4], (x) => conv2d(x, plain([3, 2, 3, 3]), plain([3]), { padding: 1 }))],
  ['conv2d by zero weights', withGrad([1, 2, 4, 4], (x) => conv2d(x, plain([3, 2, 3, 3]).mul(0)))],
  ['maxPool2d', withGrad([1, 2, 4, 4], (x) => maxPool2d(x, { kernelSize: 2 }))],
  ['avgPool2d', withGrad([1, 2, 4, 4], (x) => avgPool2d(x, { kernelSize: 2 }))],
  ['batchNorm', withGrad([4, 2, 2, 2], (x) => batchNorm(x, { training: true }))],
  ['layerNorm', withGrad([4, 4], (x) => layerNorm(x, [4]))],
  ['crossEntropy', withGrad([4, 4], (x) => crossEntropy(x, tensor([0, 1, 2, 3], { dtype: 'int32' })))],
  ['mseLoss', withGrad([16], (x) => mseLoss(x, plain([16])))],
];

/** 'nan' | '+inf' | '-inf' | the value, per element. */
function classes(t: Tensor): (string | number)[] {
  return Array.from(t.data() as Float32Array, (v) =>
    Number.isNaN(v) ? 'nan' : v === Infinity ? '+inf' : v === -Infinity ? '-inf' : v,
  );
}

function agree(a: (string | number)[], b: (string | number)[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]!;
      if (typeof x === 'string' || typeof y === 'string') return x === y;
      return Math.abs(x - y) <= 1e-4 * Math.max(1, Math.abs(x));
    })
  );
}

const others = availableBackends().filter((name) => name !== 'reference');

test('the table reaches NaN and ±Inf in every case (forward or backward)', () => {
  const previous = getBackend().name;
  setBackend('reference');
  try {
    for (const [name, run] of cases) {
      const seen = run().flatMap(classes);
      assert.ok(
        seen.includes('nan') || seen.includes('+inf') || seen.includes('-inf'),
        `${name}: no special`,
      );
    }
  } finally {
    setBackend(previous);
  }
});

for (const backend of others) {
  test(`${backend} agrees with the reference on NaN/±Inf in ${cases.length} ops, forward and backward`, () => {
    const previous = getBackend().name;
    const differ: string[] = [];
    try {
      for (const [name, run] of cases) {
        setBackend('reference');
        const expected = run().map(classes);
        setBackend(backend);
        const actual = run().map(classes);
        expected.forEach((e, k) => {
          if (!agree(e, actual[k]!))
            differ.push(
              `${name} ${k === 0 ? 'forward' : 'backward'}: reference ${JSON.stringify(e)}, ${backend} ${JSON.stringify(actual[k])}`,
            );
        });
      }
    } finally {
      setBackend(previous);
    }
    assert.deepEqual(differ, []);
  });
}
