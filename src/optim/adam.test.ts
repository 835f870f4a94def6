import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { Adam, type AdamOptions } from './adam.js';
import { AdamW } from './adamw.js';

const param = (v: number[]): Tensor => tensor(v, { dtype: 'float64', requiresGrad: true });

/** Steps an optimizer on one weight (starting at 1) with the given gradient sequence. */
function run(make: (w: Tensor) => Adam, grads: number[]): number[] {
  const w = param([1]);
  const opt = make(w);
  return grads.map((g) => {
    w.grad = tensor([g], { dtype: 'float64' });
    opt.step();
    return w.data()[0]!;
  });
}

const adam = (options: AdamOptions) => (w: Tensor) => new Adam([w], options);

test('Adam step 1: bias correction makes the step ≈ lr·sign(g), whatever |g|', () => {
  // m̂₁ = g, v̂₁ = g², so the step is lr·g/(|g| + ε).
  const w = param([1, -2, 3, 0.5]);
  const opt = new Adam([w], { lr: 0.1 });
  w.grad = tensor([0.5, -1000, 1e-3, -7], { dtype: 'float64' });
  opt.step();
  expectClose(w, [0.9, -1.9, 2.9, 0.6], { rtol: 1e-6, atol: 1e-6 });
});

test('Adam, three steps by hand (lr 0.1, β = (0.9, 0.999))', () => {
  // g₁ = 0.5: m₁ = 0.05, v₁ = 0.00025, w₁ = 1 − 0.1·0.5/0.5 = 0.9
  // g₂ = −1: m₂ = 0.045 − 0.1 = −0.055, v₂ = 0.00024975 + 0.001 = 0.00124975
  //   m̂₂ = −0.055/0.19 = −0.289474, v̂₂ = 0.00124975/0.001999 = 0.625188, √v̂₂ = 0.790688
  //   w₂ = 0.9 + 0.1·0.289474/0.790688 = 0.936610
  // g₃ = 0.25: (same recurrences) w₃ = 0.950279
  expectClose(run(adam({ lr: 0.1 }), [0.5, -1, 0.25]), [0.9, 0.9366103542, 0.9502794203], { rtol: 1e-8 });
});

test('Adam with a constant gradient moves lr·sign(g) every step (the corrections cancel exactly)', () => {
  expectClose(run(adam({ lr: 0.1 }), [0.5, 0.5, 0.5]), [0.9, 0.8, 0.7], { rtol: 1e-7 });
});

test('AMSGrad divides by the running maximum of v', () => {
  // β = (0.9, 0.5), g = 1 then 0.1: v₁ = 0.5, v₂ = 0.25 + 0.005 = 0.255 < v₁, m₂ = 0.1.
  // m̂₂ = 0.1/0.19 = 0.526316. Adam: v̂₂ = 0.255/0.75 = 0.34 → step 0.090262 → 0.809738.
  // AMSGrad: v̂₂ = 0.5/0.75 = 0.666667 → step 0.064460 → 0.835540.
  const betas: [number, number] = [0.9, 0.5];
  expectClose(run(adam({ lr: 0.1, betas }), [1, 0.1]), [0.9, 0.8097375893], { rtol: 1e-8 });
  expectClose(run(adam({ lr: 0.1, betas, amsgrad: true }), [1, 0.1]), [0.9, 0.8355397454], { rtol: 1e-8 });
});

test("Adam's L2 weight decay is normalised away at step 1; AdamW's decoupled decay is not", () => {
  // Adam: g' = 0.5 + 0.1·1 = 0.6, step 1 is lr·sign(g') = 0.1 → 0.9 (the decay left no trace).
  // AdamW: w ← 1·(1 − 0.1·0.1) = 0.99, then the Adam step 0.1 → 0.89.
  // Step 2, AdamW: w ← 0.89·0.99 = 0.8811, then 0.1 (constant g) → 0.7811.
  expectClose(run(adam({ lr: 0.1, weightDecay: 0.1 }), [0.5, 0.5]), [0.9, 0.8000473405], { rtol: 1e-8 });
  const adamW = (w: Tensor) => new AdamW([w], { lr: 0.1, weightDecay: 0.1 });
  expectClose(run(adamW, [0.5, 0.5]), [0.89, 0.7811], { rtol: 1e-8 });
});

test('AdamW defaults to weightDecay 0.01; Adam to 0', () => {
  assert.equal(new AdamW([param([1])]).paramGroups[0]!.weightDecay, 0.01);
  assert.equal(new Adam([param([1])]).paramGroups[0]!.weightDecay, 0);
  assert.deepEqual(new Adam([param([1])]).paramGroups[0]!.betas, [0.9, 0.999]);
});

test('Adam and AdamW reject bad hyperparameters, naming the optimizer and the argument', () => {
  const w = param([1]);
  assert.throws(() => new Adam([w], { lr: -1 }), {
    name: 'ValueError',
    message: 'Adam: lr must be a finite number ≥ 0, got -1',
  });
  assert.throws(() => new Adam([w], { betas: [1, 0.999] }), {
    message: 'Adam: betas[0] must be in [0, 1), got 1',
  });
  assert.throws(() => new Adam([w], { betas: [0.9, -0.1] }), {
    message: 'Adam: betas[1] must be in [0, 1), got -0.1',
  });
  assert.throws(() => new AdamW([w], { eps: -1e-8 }), {
    message: 'AdamW: eps must be a finite number ≥ 0, got -1e-8',
  });
  assert.throws(() => new AdamW([w], { weightDecay: -0.01 }), /AdamW: weightDecay must be/);
});

test('Adam checks betas changed after construction on step', () => {
  const w = param([1]);
  const opt = new Adam([w]);
  opt.paramGroups[0]!.betas = [0.9, 1];
  w.grad = tensor([1], { dtype: 'float64' });
  assert.throws(() => opt.step(), /Adam: betas\[1\] must be in \[0, 1\), got 1/);
});
