import assert from 'node:assert/strict';
import '../ops/methods.js';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { expectClose } from '../testing/expect-close.js';
import { dot, FlatParams, maxAbs, sumAbs } from './flat-params.js';
import { cubicInterpolate, strongWolfe } from './line-search.js';

test('cubicInterpolate finds the minimiser of a cubic from two points and slopes', () => {
  // f(x) = x³ − 3x: f(0) = 0, f'(0) = −3; f(2) = 2, f'(2) = 9; local minimum at x = 1
  assert.equal(cubicInterpolate(0, 0, -3, 2, 2, 9), 1);
  // the same, points given in the other order
  assert.equal(cubicInterpolate(2, 2, 9, 0, 0, -3), 1);
  // clamped to the bounds
  assert.equal(cubicInterpolate(0, 0, -3, 2, 2, 9, [1.5, 3]), 1.5);
  // no real minimiser (d₁ = 5 + 5 − 3·(0 − 10/3)/(0 − 1) = 0, d₂² = 0 − 25 < 0): the midpoint
  assert.equal(cubicInterpolate(0, 0, 5, 1, 10 / 3, 5), 0.5);
});

// φ(t) = f(x + t·d) for f(x) = (x − 3)², x = 0, d = 1: φ(t) = (t − 3)², φ'(t) = 2(t − 3)
const phi = (t: number) => ({ f: (t - 3) ** 2, g: Float64Array.from([2 * (t - 3)]) });
const d = Float64Array.from([1]);

test('strongWolfe extrapolates from a short first step, at most 10× per evaluation', () => {
  // c₂ = 0.1. t₀ = 0.5 has slope −5, not flat enough (|−5| > 0.1·6): the cubic through (0, 9, −6)
  // and (0.5, 6.25, −5) is followed to t = 3 (within [0.505, 5]), where the slope is 0.
  const r = strongWolfe(phi, 0.5, d, 9, Float64Array.from([-6]), -6, { c2: 0.1 });
  expectClose([r.t, r.f, r.evals], [3, 0, 2]);
  // From t₀ = 0.1 the cubic's minimiser 3 is clamped to 10·t₀ = 1, whose slope −4 passes c₂ = 0.9.
  const s = strongWolfe(phi, 0.1, d, 9, Float64Array.from([-6]), -6);
  expectClose([s.t, s.f, s.evals], [1, 4, 2]);
});

test('strongWolfe zooms back from an overshoot, and the result satisfies both conditions', () => {
  const r = strongWolfe(phi, 10, d, 9, Float64Array.from([-6]), -6, { c2: 0.1 });
  assert.ok(r.f <= 9 + 1e-4 * r.t * -6, 'sufficient decrease');
  assert.ok(Math.abs(r.g[0]!) <= 0.1 * 6, 'curvature');
  expectClose([r.t], [3], { rtol: 1e-9 });
});

test('vector helpers and FlatParams read, move and restore parameters of any float dtype', () => {
  const a = Float64Array.from([1, -3, 2]);
  assert.equal(dot(a, a), 14);
  assert.equal(maxAbs(a), 3);
  assert.equal(sumAbs(a), 6);
  const p = tensor([[1, 2]], { dtype: 'float32', requiresGrad: true });
  const q = tensor([5], { dtype: 'float64', requiresGrad: true });
  const flat = new FlatParams([p, q], 'Test');
  assert.equal(flat.size, 3);
  q.grad = tensor([0.5], { dtype: 'float64' });
  assert.deepEqual([...flat.gradient()], [0, 0, 0.5]); // p has no gradient: zeros
  const x = flat.values();
  flat.addScaled(2, Float64Array.from([1, 1, -1]));
  assert.deepEqual([...p.data(), ...q.data()], [3, 4, 3]);
  flat.set(x);
  assert.deepEqual([...p.data(), ...q.data()], [1, 2, 5]);
  assert.throws(() => new FlatParams([tensor([1, 2, 3, 4]).reshape([2, 2]).transpose(0, 1)], 'Test'), {
    message: 'Test: parameter 0 must be contiguous',
  });
  assert.throws(() => new FlatParams([tensor([1], { dtype: 'int32' })], 'Test'), {
    name: 'DTypeError',
    message: 'Test: parameter 0 must be float32 or float64, got int32',
  });
});
