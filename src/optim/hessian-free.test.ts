import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../autograd/backward.js';
import '../ops/methods.js';
import { stack } from '../ops/cat.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { FlatParams } from './flat-params.js';
import { conjugateGradientSolve, gaussNewton, HessianFree } from './hessian-free.js';

const f64 = (v: number[]): Float64Array => Float64Array.from(v);

test('conjugateGradientSolve solves a 3×3 SPD system in 3 iterations', () => {
  // A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]], b = [1, 2, 3]: x = [2/9, 1/9, 13/9] (A·x = [1, 2, 3])
  const A = [
    [4, 1, 0],
    [1, 3, 1],
    [0, 1, 2],
  ];
  const apply = (v: Float64Array) => f64(A.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0)));
  expectClose(
    conjugateGradientSolve(apply, f64([1, 2, 3]), new Float64Array(3), 3, 0),
    [2 / 9, 1 / 9, 13 / 9],
    {
      rtol: 1e-10,
    },
  );
});

// z(θ) = [θ₀², θ₀θ₁]: J = [[2θ₀, 0], [θ₁, θ₀]], at θ = (1, 2) J = [[2, 0], [2, 1]]
const theta = () => tensor([1, 2], { dtype: 'float64', requiresGrad: true });

test('gaussNewton: G·v = JᵀH_L J·v for a squared loss (H_L = I) and for Σ exp(z) (H_L = diag(e^z))', () => {
  const t = theta();
  const outputs = () => stack([t.select(0, 0).square(), t.select(0, 0).mul(t.select(0, 1))]);
  const target = tensor([0.5, 1], { dtype: 'float64' });
  const squared = gaussNewton(new FlatParams([t], 'Test'), {
    outputs,
    loss: (z) => z.sub(target).square().sum().mul(0.5),
  });
  // JᵀJ = [[8, 2], [2, 1]]; v = (1, −1) → (6, 1). Loss ½(0.5² + 1²) = 0.625; ∇ = Jᵀ(z − y) = Jᵀ(0.5, 1) = (3, 1)
  expectClose(squared.product(f64([1, -1])), [6, 1], { rtol: 1e-12 });
  expectClose([squared.loss], [0.625]);
  expectClose(squared.gradient, [3, 1], { rtol: 1e-12 });
  // z = (1, 2), Jv = (2, 1), H_L·Jv = (2e, e²), Jᵀ(2e, e²) = (4e + 2e², e²)
  const exp = gaussNewton(new FlatParams([t], 'Test'), { outputs, loss: (z) => z.exp().sum() });
  expectClose(exp.product(f64([1, -1])), [4 * Math.E + 2 * Math.E ** 2, Math.E ** 2], { rtol: 1e-12 });
});

test('HessianFree solves linear least squares in one undamped step (G is then the exact Hessian)', () => {
  // min ½‖Aθ − b‖², A = [[1, 2], [3, 4], [5, 6]], b = [1, 0, 1]; normal equations AᵀAθ = Aᵀb:
  // [[35, 44], [44, 56]]θ = [6, 8] → θ = [−2/3, 2/3]; two CG iterations are exact in 2-D.
  const A = tensor(
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    { dtype: 'float64' },
  );
  const b = tensor([1, 0, 1], { dtype: 'float64' });
  const w = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
  const opt = new HessianFree([w], { damping: 0, cgMaxIter: 2, cgTolerance: 0 });
  const objective = {
    outputs: () => A.matmul(w.reshape([2, 1])).reshape([3]),
    loss: (z: Tensor) => z.sub(b).square().sum().mul(0.5),
  };
  const before = opt.step(objective);
  expectClose([before], [1]);
  expectClose(w, [-2 / 3, 2 / 3], { rtol: 1e-9 });
});

test('HessianFree fits a small logistic regression, adapting the damping', () => {
  const x = tensor(
    [
      [1, 2],
      [2, 1],
      [-1, -1],
      [-2, 0.5],
      [0.5, -2],
      [1.5, 1.5],
    ],
    { dtype: 'float64' },
  );
  const y = tensor([1, 1, 0, 0, 0, 1], { dtype: 'float64' });
  const w = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
  const bias = tensor([0], { dtype: 'float64', requiresGrad: true });
  const opt = new HessianFree([w, bias], { damping: 1, cgMaxIter: 10 });
  // mean binary cross-entropy of logits z: softplus(z) − y·z
  const objective = {
    outputs: () =>
      x
        .matmul(w.reshape([2, 1]))
        .reshape([6])
        .add(bias),
    loss: (z: Tensor) => z.softplus().sub(z.mul(y)).mean(),
  };
  const losses = Array.from({ length: 6 }, () => opt.step(objective));
  assert.ok(losses[0]! > 0.69 && losses[5]! < 0.1, `losses ${losses.map((l) => l.toFixed(3)).join(', ')}`);
  assert.ok(opt.damping < 1, `damping ${opt.damping} fell as the quadratic model proved good`);
  assert.throws(() => new HessianFree([w], { cgMaxIter: 0 }), {
    name: 'ValueError',
    message: 'HessianFree: cgMaxIter must be a positive integer, got 0',
  });
});
