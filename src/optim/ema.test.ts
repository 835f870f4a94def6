import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { ExponentialMovingAverage } from './ema.js';

test("the course's temperatures θ = 40, 49, 45 with β = 0.9, raw and bias-corrected", () => {
  // v₁ = 0.1·40 = 4             corrected 4/(1 − 0.9) = 40
  // v₂ = 0.9·4 + 0.1·49 = 8.5   corrected 8.5/(1 − 0.81) = 44.736842
  // v₃ = 0.9·8.5 + 0.1·45 = 12.15  corrected 12.15/(1 − 0.729) = 44.833948
  const avg = new ExponentialMovingAverage(0.9);
  const raw: number[] = [];
  const corrected: number[] = [];
  for (const theta of [40, 49, 45]) {
    avg.update(theta);
    raw.push(avg.value);
    corrected.push(avg.corrected);
  }
  expectClose(raw, [4, 8.5, 12.15], { rtol: 1e-12 });
  expectClose(corrected, [40, 44.7368421053, 44.8339483395], { rtol: 1e-10 });
  assert.equal(avg.t, 3);
});

test("β = 0.98 (the course's bias-correction slide): v₂ = 0.0196θ₁ + 0.02θ₂, corrected by 1/0.0396", () => {
  // v₂ = 0.0196·40 + 0.02·49 = 1.764; 1.764/0.0396 = 44.545455
  const avg = new ExponentialMovingAverage(0.98).update(40).update(49);
  expectClose([avg.value, avg.corrected], [1.764, 44.5454545455], { rtol: 1e-10 });
});

test('tensors average elementwise, without recording a graph', () => {
  const avg = new ExponentialMovingAverage<Tensor>(0.5);
  avg.update(tensor([2, 4], { dtype: 'float64', requiresGrad: true }));
  avg.update(tensor([4, 0], { dtype: 'float64' }));
  // v₁ = [1, 2], v₂ = [0.5 + 2, 1 + 0] = [2.5, 1], corrected /0.75 = [3.333333, 1.333333]
  expectClose(avg.value, [2.5, 1]);
  expectClose(avg.corrected, [10 / 3, 4 / 3]);
  assert.equal(avg.value.gradFn, null);
  assert.throws(() => avg.update(tensor([1, 2, 3])), {
    name: 'ShapeError',
    message: 'ExponentialMovingAverage.update: value has shape [3], the average [2]',
  });
});

test('ExponentialMovingAverage errors: beta out of range, no value yet, mixed kinds', () => {
  assert.throws(
    () => new ExponentialMovingAverage(1),
    /ExponentialMovingAverage: beta must be in \[0, 1\), got 1/,
  );
  const avg = new ExponentialMovingAverage(0.9);
  assert.throws(
    () => avg.corrected,
    /ExponentialMovingAverage.corrected: no value yet; call update\(\) first/,
  );
  avg.update(1);
  assert.throws(() => avg.update(tensor([1]) as never), /ExponentialMovingAverage.update: expected a number/);
});
