import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { expectClose } from '../testing/expect-close.js';
import { RMSprop, type RMSpropOptions } from './rmsprop.js';

/** Steps RMSprop on one float64 weight (starting at 1) with the given gradient sequence. */
function run(options: RMSpropOptions, grads: number[]): number[] {
  const w = tensor([1], { dtype: 'float64', requiresGrad: true });
  const opt = new RMSprop([w], options);
  return grads.map((g) => {
    w.grad = tensor([g], { dtype: 'float64' });
    opt.step();
    return w.data()[0]!;
  });
}

test('RMSprop, three steps by hand (lr 0.01, α 0.99)', () => {
  // g = 0.5 each step. s₁ = 0.01·0.25 = 0.0025, √s₁ = 0.05, w₁ = 1 − 0.01·0.5/0.05 = 0.9
  // s₂ = 0.99·0.0025 + 0.0025 = 0.004975, √s₂ = 0.0705337, w₂ = 0.9 − 0.0708881 = 0.8291119
  // s₃ = 0.99·0.004975 + 0.0025 = 0.00742525, √s₃ = 0.0861699, w₃ = 0.8291119 − 0.0580249 = 0.771087
  expectClose(run({ lr: 0.01 }, [0.5, 0.5, 0.5]), [0.9, 0.8291119095, 0.7710870078], { rtol: 1e-7 });
});

test('RMSprop centered with momentum, two steps by hand', () => {
  // Step 1, g = 0.5: s = 0.0025, ḡ = 0.005, s − ḡ² = 0.002475, d = 0.5/0.0497494 = 10.050378,
  //   b = d, w = 1 − 0.01·10.050378 = 0.8994962
  // Step 2, g = 1: s = 0.012475, ḡ = 0.01495, s − ḡ² = 0.0122515, d = 1/0.1106866 = 9.034454,
  //   b = 0.9·10.050378 + 9.034454 = 18.079794, w = 0.8994962 − 0.1807979 = 0.7186983
  const got = run({ lr: 0.01, centered: true, momentum: 0.9 }, [0.5, 1]);
  expectClose(got, [0.8994962387, 0.7186975933], { rtol: 1e-7 });
});

test('RMSprop rejects bad hyperparameters, naming the argument', () => {
  const w = tensor([1], { requiresGrad: true });
  assert.throws(() => new RMSprop([w], { lr: -1 }), {
    name: 'ValueError',
    message: 'RMSprop: lr must be a finite number ≥ 0, got -1',
  });
  assert.throws(() => new RMSprop([w], { alpha: 1.5 }), {
    message: 'RMSprop: alpha must be in [0, 1), got 1.5',
  });
  assert.throws(() => new RMSprop([w], { eps: -1 }), /RMSprop: eps must be a finite number ≥ 0, got -1/);
  assert.throws(() => new RMSprop([w], { weightDecay: Number.NaN }), /RMSprop: weightDecay must be/);
});
