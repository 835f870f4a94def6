import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { expectClose } from '../testing/expect-close.js';
import { clipGradNorm, clipGradValue } from './clip.js';

function withGrads(...grads: number[][]) {
  return grads.map((g) => {
    const p = tensor(
      g.map(() => 0),
      { dtype: 'float64', requiresGrad: true },
    );
    p.grad = tensor(g, { dtype: 'float64' });
    return p;
  });
}

test('clipGradNorm scales all gradients by one factor so the global 2-norm is maxNorm', () => {
  // ‖[3, 4, 12]‖ = √(9 + 16 + 144) = 13; maxNorm 6.5 halves every gradient.
  const [a, b] = withGrads([3, 4], [12]);
  const norm = clipGradNorm([a!, b!], 6.5);
  assert.equal(norm, 13);
  expectClose(a!.grad!, [1.5, 2]);
  expectClose(b!.grad!, [6]);
});

test('clipGradNorm leaves gradients under maxNorm alone and skips parameters without one', () => {
  const [a] = withGrads([3, 4]);
  const none = tensor([1], { requiresGrad: true });
  const before = a!.grad;
  assert.equal(clipGradNorm([a!, none], 10), 5);
  assert.equal(a!.grad, before);
  assert.equal(none.grad, null);
  assert.equal(clipGradNorm([], 1), 0);
});

test('clipGradNorm with normType 1 and Infinity', () => {
  // ‖[3, −4, 12]‖₁ = 19, ‖·‖∞ = 12
  assert.equal(clipGradNorm(withGrads([3, -4], [12]), 100, { normType: 1 }), 19);
  const ps = withGrads([3, -4], [12]);
  assert.equal(clipGradNorm(ps, 6, { normType: Number.POSITIVE_INFINITY }), 12);
  expectClose(ps[1]!.grad!, [6], { rtol: 1e-6 });
});

test('clipGradNorm clips a gradient shared by two parameters once', () => {
  const [a, b] = withGrads([3, 4], [0, 0]);
  b!.grad = a!.grad; // as add's backward hands one tensor to both inputs
  // global norm √(25 + 25) = 7.0711; maxNorm 1 scales both by 0.141421
  clipGradNorm([a!, b!], 1);
  expectClose(a!.grad!, [0.4242641, 0.5656854]);
  expectClose(b!.grad!, [0.4242641, 0.5656854]);
});

test('clipGradNorm errors on a non-finite norm only when asked, and checks its arguments', () => {
  const ps = withGrads([1, Number.NaN]);
  assert.ok(Number.isNaN(clipGradNorm(ps, 1)));
  assert.throws(() => clipGradNorm(ps, 1, { errorIfNonfinite: true }), {
    name: 'ValueError',
    message: /clipGradNorm: the total norm of order 2 of the gradients is NaN/,
  });
  assert.throws(() => clipGradNorm(ps, -1), /clipGradNorm: maxNorm must be a finite number ≥ 0, got -1/);
  assert.throws(
    () => clipGradNorm(ps, 1, { normType: 0 }),
    /clipGradNorm: normType must be a positive number/,
  );
});

test('clipGradValue clamps each element into [−clipValue, clipValue]', () => {
  const [a] = withGrads([-3, 0.2, 5]);
  clipGradValue(a!, 1);
  expectClose(a!.grad!, [-1, 0.2, 1]);
  assert.throws(() => clipGradValue(a!, -1), /clipGradValue: clipValue must be a finite number ≥ 0, got -1/);
});
