import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../ops/methods.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import './backward.js';
import { grad } from './functional.js';
import { hessian, hvp } from './hessian.js';

const f64 = (v: number[]): Tensor => tensor(v, { dtype: 'float64' });

// Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)²
const rosenbrock = (p: Tensor): Tensor => {
  const x = p.select(0, 0);
  const y = p.select(0, 1);
  return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100));
};

test('hessian of Rosenbrock equals its closed form [[1200x² − 400y + 2, −400x], [−400x, 200]]', () => {
  // at (0.5, 2): 1200·0.25 − 800 + 2 = −498, −400·0.5 = −200
  expectClose(
    hessian(rosenbrock, f64([0.5, 2])),
    [
      [-498, -200],
      [-200, 200],
    ],
    { rtol: 1e-12 },
  );
});

test('hessian keeps the input shape on both sides', () => {
  // f(X) = Σ X² over a 2×1 matrix: H = 2·I, shaped [2, 1, 2, 1]
  const h = hessian((x) => x.square().sum(), f64([1, 2]).reshape([2, 1]));
  assert.deepEqual(h.shape, [2, 1, 2, 1]);
  expectClose(h.reshape([2, 2]), [
    [2, 0],
    [0, 2],
  ]);
});

test('hvp equals central differences of the gradient: (∇f(x + εv) − ∇f(x − εv)) / 2ε', () => {
  // f(x) = Σ sin(xᵢ)·xᵢ₊₁ + (Σ xᵢ)³ / 6, a mixed, non-quadratic function
  const f = (x: Tensor): Tensor =>
    x
      .narrow(0, 0, 2)
      .sin()
      .mul(x.narrow(0, 1, 2))
      .sum()
      .add(x.sum().pow(3).div(6));
  const x = [0.3, -1.2, 0.7];
  const v = [1, 0.5, -2];
  const eps = 1e-5;
  const g = (p: number[]) => [...grad(f)(f64(p)).data()];
  const plus = g(x.map((xi, i) => xi + eps * v[i]!));
  const minus = g(x.map((xi, i) => xi - eps * v[i]!));
  const fd = plus.map((p, i) => (p - minus[i]!) / (2 * eps));
  expectClose(hvp(f, f64(x), f64(v)), fd, { rtol: 1e-7, atol: 1e-8 });
});

test('hvp of a quadratic ½xᵀAx is A·v (A symmetric)', () => {
  const a = f64([2, 1, 0, 1, 3, -1, 0, -1, 4]).reshape([3, 3]);
  const f = (x: Tensor): Tensor =>
    x
      .reshape([1, 3])
      .matmul(a)
      .matmul(x.reshape([3, 1]))
      .sum()
      .mul(0.5);
  // A·[1, −1, 2] = [2 − 1, 1 − 3 − 2, 1 + 8] = [1, −4, 9]
  expectClose(hvp(f, f64([0.4, 0.1, -0.3]), f64([1, -1, 2])), [1, -4, 9], { rtol: 1e-12 });
});

test('a linear or constant f has a zero Hessian', () => {
  expectClose(
    hvp((x) => x.mul(3).sum(), f64([1, 2]), f64([1, 1])),
    [0, 0],
  );
  expectClose(
    hessian(() => f64([1]).sum(), f64([1, 2])),
    [
      [0, 0],
      [0, 0],
    ],
  );
});

test('the input is not changed and its .grad stays empty', () => {
  const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
  hessian((p) => p.pow(3).sum(), x);
  assert.equal(x.grad, null);
  expectClose(x, [1, 2]);
});

test('bad inputs are typed errors naming hvp / hessian', () => {
  const x = f64([1, 2]);
  assert.throws(() => hvp((p) => p.sum(), x, f64([1])), {
    name: 'ShapeError',
    message: 'hvp: v has shape [1], x [2]; they must match',
  });
  assert.throws(() => hvp((p) => p.sum(), x, tensor([1, 1])), {
    name: 'DTypeError',
    message: 'hvp: v has dtype float32, x float64; they must match',
  });
  assert.throws(() => hessian((p) => p, x), {
    name: 'ValueError',
    message: 'hessian: f must return a scalar, got shape [2]',
  });
  assert.throws(() => hessian((p) => p.sum(), tensor([1, 2], { dtype: 'int32' })), {
    name: 'DTypeError',
    message: 'hessian: x must be a float tensor, got int32',
  });
});
