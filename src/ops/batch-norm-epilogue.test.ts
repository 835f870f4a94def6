import assert from 'node:assert/strict';
import { test } from 'node:test';
import { availableBackends, getBackend, setBackend } from '../backends/registry.js';
import { ShapeError, ValueError } from '../errors.js';
import { ones, randn, tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { add } from './add.js';
import { batchNorm } from './batch-norm.js';
import { hardTanh } from './hard-tanh.js';
import { mul } from './mul.js';
import { relu } from './relu.js';
import { sum } from './sum.js';

/** clamp(batch norm of x by its batch statistics · w + b + r, lo, hi), in float64. */
function reference(lo: number, hi: number) {
  return (x: Plain, w: Plain, b: Plain, r: Plain): Plain => {
    const [n, c] = x.shape as [number, number];
    const rest = x.shape.slice(2).reduce((a, s) => a * s, 1);
    const at = (i: number, ch: number, k: number): number => (i * c + ch) * rest + k;
    const data = new Array<number>(x.data.length);
    for (let ch = 0; ch < c; ch++) {
      let m = 0;
      let v = 0;
      for (let i = 0; i < n; i++) for (let k = 0; k < rest; k++) m += x.data[at(i, ch, k)]!;
      m /= n * rest;
      for (let i = 0; i < n; i++) for (let k = 0; k < rest; k++) v += (x.data[at(i, ch, k)]! - m) ** 2;
      v /= n * rest;
      for (let i = 0; i < n; i++)
        for (let k = 0; k < rest; k++) {
          const j = at(i, ch, k);
          const y = ((x.data[j]! - m) / Math.sqrt(v + 1e-5)) * w.data[ch]! + b.data[ch]! + r.data[j]!;
          data[j] = Math.min(Math.max(y, lo), hi);
        }
    }
    return { shape: x.shape, data };
  };
}

const cases = [
  [[4, 3], [3], [3], [4, 3]],
  [[2, 3, 5], [3], [3], [2, 3, 5]],
  [[3, 2, 2, 3], [2], [2], [3, 2, 2, 3]],
  [[0, 3], [3], [3], [0, 3]],
] as const;

checkOp({
  name: 'batchNorm + residual + ReLU (training)',
  fn: (x: Tensor, w: Tensor, b: Tensor, r: Tensor) =>
    batchNorm(x, { weight: w, bias: b, training: true, residual: r, clamp: [0, Number.POSITIVE_INFINITY] }),
  reference: reference(0, Number.POSITIVE_INFINITY),
  cases,
  float32Tolerance: 1e-4,
  errors: [
    {
      what: 'a residual of another shape',
      call: () => batchNorm(ones([2, 3]), { training: true, residual: ones([2, 1]) }),
      message: /batchNorm: residual must have x's shape \[2, 3\] and dtype float32, got \[2, 1\] float32/,
      type: ShapeError,
    },
    {
      what: 'a residual of another dtype',
      call: () => batchNorm(ones([2, 3]), { training: true, residual: ones([2, 3], { dtype: 'float64' }) }),
      message: /batchNorm: residual must have x's shape \[2, 3\] and dtype float32, got \[2, 3\] float64/,
      type: ShapeError,
    },
    {
      what: 'a clamp with a NaN bound',
      call: () => batchNorm(ones([2, 3]), { training: true, clamp: [0, Number.NaN] }),
      message:
        /batchNorm: clamp must be \[0, Infinity\] \(ReLU\), finite \[lo, hi\] with lo ≤ hi .* got \[0, NaN\]/,
      type: ValueError,
    },
    {
      what: 'a clamp with lo above hi',
      call: () => batchNorm(ones([2, 3]), { training: true, clamp: [6, 0] }),
      message: /batchNorm: clamp must be .* got \[6, 0\]/,
      type: ValueError,
    },
    {
      what: 'a half-open clamp other than ReLU',
      call: () => batchNorm(ones([2, 3]), { training: true, clamp: [-1, Number.POSITIVE_INFINITY] }),
      message: /batchNorm: clamp must be/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'batchNorm + residual + ReLU6 (training)',
  fn: (x: Tensor, w: Tensor, b: Tensor, r: Tensor) =>
    batchNorm(x, { weight: w, bias: b, training: true, residual: r, clamp: [0, 1.5] }),
  reference: reference(0, 1.5),
  cases,
  float32Tolerance: 1e-4,
});

checkOp({
  name: 'batchNorm + residual, no clamp (training)',
  fn: (x: Tensor, w: Tensor, b: Tensor, r: Tensor) =>
    batchNorm(x, { weight: w, bias: b, training: true, residual: r }),
  reference: reference(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
  cases,
  float32Tolerance: 1e-4,
});

/** The epilogue as the separate ops it replaces. */
function composed(
  x: Tensor,
  w: Tensor,
  b: Tensor,
  r: Tensor | null,
  clamp: readonly [number, number],
): Tensor {
  const y = batchNorm(x, { weight: w, bias: b, training: true });
  const z = r ? add(y, r) : y;
  return clamp[1] === Number.POSITIVE_INFINITY ? relu(z) : hardTanh(z, clamp[0], clamp[1]);
}

for (const backend of availableBackends()) {
  test(`batchNorm's fused epilogue gives the bits of batch norm, add and ReLU/ReLU6 as separate ops, forward and backward [${backend}]`, () => {
    const previous = getBackend().name;
    setBackend(backend);
    try {
      for (const clamp of [
        [0, Number.POSITIVE_INFINITY],
        [0, 0.8],
      ] as const) {
        for (const withResidual of [true, false]) {
          const leaves = () => {
            const x = randn([4, 3, 5, 5], { generator: new Generator(7) }).requiresGrad_();
            const w = add(ones([3]), randn([3], { generator: new Generator(8) }))
              .detach()
              .requiresGrad_();
            const b = randn([3], { generator: new Generator(9) })
              .detach()
              .requiresGrad_();
            const r = randn([4, 3, 5, 5], { generator: new Generator(10) }).requiresGrad_();
            return { x, w, b, r };
          };
          const up = randn([4, 3, 5, 5], { generator: new Generator(11) });
          const run = (fused: boolean) => {
            const { x, w, b, r } = leaves();
            const res = withResidual ? r : null;
            const out = fused
              ? batchNorm(x, { weight: w, bias: b, training: true, residual: res, clamp })
              : composed(x, w, b, res, clamp);
            sum(mul(out, up)).backward();
            return [out, x.grad!, w.grad!, b.grad!, ...(withResidual ? [r.grad!] : [])].map((t) => [
              ...t.data(),
            ]);
          };
          const [fused, plain] = [run(true), run(false)];
          const what = `clamp [${clamp.join(', ')}]${withResidual ? ' with a residual' : ''}`;
          assert.ok(
            fused[0]!.some((v) => v === 0) && fused[0]!.some((v) => v > 0),
            `${what}: the clamp is active`,
          );
          for (let k = 0; k < fused.length; k++)
            assert.deepEqual(
              fused[k],
              plain[k],
              `${what}: ${['output', 'dx', 'dWeight', 'dBias', 'dResidual'][k]}`,
            );
        }
      }
    } finally {
      setBackend(previous);
    }
  });
}

test('batchNorm with an epilogue in eval mode is the epilogue applied to the eval batch norm', () => {
  const x = tensor([
    [1, -2],
    [3, 4],
  ]);
  const stats = { runningMean: tensor([1, 1]), runningVar: tensor([4, 1]), eps: 0 };
  const r = tensor([
    [0, 0.5],
    [-2, 0],
  ]);
  const out = batchNorm(x, { ...stats, residual: r, clamp: [0, 2] });
  assert.deepEqual([...out.data()], [0, 0, 0, 2]);
});
