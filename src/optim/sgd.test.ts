import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { SGD, type SGDOptions } from './sgd.js';

const param = (v: number[]): Tensor => tensor(v, { dtype: 'float64', requiresGrad: true });

/** Runs `steps` SGD steps with the fixed gradient g = [0.5, -1] from w = [1, -2]; returns each w. */
function run(options: SGDOptions, steps: number): number[][] {
  const w = param([1, -2]);
  const opt = new SGD([w], options);
  const out: number[][] = [];
  for (let i = 0; i < steps; i++) {
    w.grad = tensor([0.5, -1], { dtype: 'float64' });
    opt.step();
    out.push([...w.data()]);
  }
  return out;
}

test('plain SGD: w ← w − lr·g', () => {
  // lr 0.1, g = [0.5, -1]: each step moves w by [-0.05, 0.1].
  expectClose(run({ lr: 0.1 }, 2), [
    [0.95, -1.9],
    [0.9, -1.8],
  ]);
});

test('momentum, PyTorch convention: v ← βv + g (v₁ = g), w ← w − lr·v', () => {
  // β = 0.9. v₁ = [0.5, -1], w₁ = [0.95, -1.9]
  // v₂ = 0.9·v₁ + g = [0.95, -1.9], w₂ = w₁ − 0.1·v₂ = [0.855, -1.71]
  // v₃ = 0.9·v₂ + g = [1.355, -2.71], w₃ = [0.7195, -1.439]
  expectClose(run({ lr: 0.1, momentum: 0.9 }, 3), [
    [0.95, -1.9],
    [0.855, -1.71],
    [0.7195, -1.439],
  ]);
});

test("momentum, the course's EMA convention: v ← βv + (1−β)g (v₀ = 0), w ← w − lr·v", () => {
  // β = 0.9. v₁ = 0.1·g = [0.05, -0.1], w₁ = [0.995, -1.99]
  // v₂ = 0.9·v₁ + 0.1·g = [0.095, -0.19], w₂ = [0.9855, -1.971]
  // v₃ = 0.9·v₂ + 0.1·g = [0.1355, -0.271], w₃ = [0.97195, -1.9439]
  expectClose(run({ lr: 0.1, momentum: 0.9, convention: 'ema' }, 3), [
    [0.995, -1.99],
    [0.9855, -1.971],
    [0.97195, -1.9439],
  ]);
});

test('the EMA velocity is (1−β) times the PyTorch one, so EMA with lr/(1−β) retraces PyTorch', () => {
  const ema = run({ lr: 1, momentum: 0.9, convention: 'ema' }, 4);
  const pytorch = run({ lr: 0.1, momentum: 0.9 }, 4);
  expectClose(ema.flat(), pytorch.flat(), { rtol: 1e-12, atol: 1e-12 });
});

test('Nesterov (PyTorch): v ← βv + g, w ← w − lr·(g + βv)', () => {
  // β = 0.9, first weight (g = 0.5): v₁ = 0.5, step 0.1·(0.5 + 0.45) = 0.095 → 0.905;
  // v₂ = 0.95, step 0.1·(0.5 + 0.855) = 0.1355 → 0.7695. Second weight (g = -1): -1.81, -1.539.
  expectClose(run({ lr: 0.1, momentum: 0.9, nesterov: true }, 2), [
    [0.905, -1.81],
    [0.7695, -1.539],
  ]);
});

test('Nesterov (EMA): v ← βv + (1−β)g, w ← w − lr·((1−β)g + βv)', () => {
  // β = 0.9, first weight: v₁ = 0.05, step 0.1·(0.05 + 0.045) = 0.0095 → 0.9905.
  expectClose(run({ lr: 0.1, momentum: 0.9, nesterov: true, convention: 'ema' }, 1), [[0.9905, -1.981]]);
});

test('dampening scales the new gradient (PyTorch): v ← βv + (1 − dampening)g after the first step', () => {
  // β = 0.9, dampening 0.5, first weight: v₁ = 0.5 (undamped), w₁ = 0.95;
  // v₂ = 0.45 + 0.25 = 0.7, w₂ = 0.95 − 0.07 = 0.88.
  expectClose(
    run({ lr: 0.1, momentum: 0.9, dampening: 0.5 }, 2).map((w) => w[0]!),
    [0.95, 0.88],
  );
});

test('weight decay adds weightDecay·w to the gradient', () => {
  // wd 0.1: g' = g + 0.1·w = [0.6, -1.2], w₁ = [0.94, -1.88];
  // g' = [0.5 + 0.094, -1 − 0.188] = [0.594, -1.188], w₂ = [0.8806, -1.7612].
  expectClose(run({ lr: 0.1, weightDecay: 0.1 }, 2), [
    [0.94, -1.88],
    [0.8806, -1.7612],
  ]);
});

test('momentum switched on mid-training starts its velocity then (as PyTorch)', () => {
  const w = param([1]);
  const opt = new SGD([w], { lr: 0.1 });
  w.grad = tensor([1], { dtype: 'float64' });
  opt.step(); // 0.9
  opt.paramGroups[0]!.momentum = 0.5;
  opt.step(); // v = g = 1: 0.8
  opt.step(); // v = 0.5 + 1 = 1.5: 0.65
  expectClose(w, [0.65]);
});

test('SGD rejects bad hyperparameters, naming the argument', () => {
  const w = param([1]);
  assert.throws(() => new SGD([w], { lr: -0.1 }), {
    name: 'ValueError',
    message: 'SGD: lr must be a finite number ≥ 0, got -0.1',
  });
  assert.throws(() => new SGD([w], { lr: Number.NaN }), /SGD: lr must be a finite number ≥ 0, got NaN/);
  assert.throws(() => new SGD([w], { lr: Number.POSITIVE_INFINITY }), /SGD: lr must be a finite number ≥ 0/);
  assert.throws(() => new SGD([w], { lr: 0.1, nesterov: true }), /SGD: nesterov needs momentum > 0/);
  assert.throws(
    () => new SGD([w], { lr: 0.1, momentum: 0.9, nesterov: true, dampening: 0.1 }),
    /SGD: nesterov needs momentum > 0 and dampening 0/,
  );
  assert.throws(
    () => new SGD([w], { lr: 0.1, weightDecay: -1 }),
    /SGD: weightDecay must be a finite number ≥ 0/,
  );
  assert.throws(() => new SGD([w], { lr: 0.1, momentum: -0.5 }), /SGD: momentum must be/);
  assert.throws(
    () => new SGD([w], { lr: 0.1, momentum: 0.9, dampening: 0.5, convention: 'ema' }),
    /SGD: the 'ema' convention needs momentum in \[0, 1\] and dampening 0/,
  );
  assert.throws(
    () => new SGD([w], { lr: 0.1, convention: 'keras' as never }),
    /SGD: convention must be 'pytorch' or 'ema', got "keras"/,
  );
  assert.throws(() => new SGD([w], {} as never), /SGD: lr must be a finite number ≥ 0, got undefined/);
});

test('SGD checks hyperparameters changed after construction on step', () => {
  const w = param([1]);
  const opt = new SGD([w], { lr: 0.1 });
  opt.paramGroups[0]!.lr = -1;
  w.grad = tensor([1], { dtype: 'float64' });
  assert.throws(() => opt.step(), {
    name: 'ValueError',
    message: 'SGD: lr must be a finite number ≥ 0, got -1',
  });
  expectClose(w, [1]);
});
