import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { expectClose } from '../testing/expect-close.js';
import { Adagrad } from './adagrad.js';

test('Adagrad, three steps by hand (lr 0.1)', () => {
  // g = 0.5 each step: s = 0.25, 0.5, 0.75; steps 0.1·0.5/√s = 0.1, 0.0707107, 0.0577350.
  const w = tensor([1, -1], { dtype: 'float64', requiresGrad: true });
  const opt = new Adagrad([w], { lr: 0.1 });
  const got: number[][] = [];
  for (let i = 0; i < 3; i++) {
    w.grad = tensor([0.5, -0.5], { dtype: 'float64' });
    opt.step();
    got.push([...w.data()]);
  }
  expectClose(
    got,
    [
      [0.9, -0.9],
      [0.8292893219, -0.8292893219],
      [0.771554295, -0.771554295],
    ],
    { rtol: 1e-8 },
  );
});

test('Adagrad weight decay adds weightDecay·w to the gradient', () => {
  // g' = 0.5 + 0.5·1 = 1, s = 1, w = 1 − 0.1·1/1 = 0.9 (the normalised first step hides it);
  // g' = 0.5 + 0.45 = 0.95, s = 1.9025, w = 0.9 − 0.1·0.95/1.379311 = 0.831125.
  const w = tensor([1], { dtype: 'float64', requiresGrad: true });
  const opt = new Adagrad([w], { lr: 0.1, weightDecay: 0.5 });
  w.grad = tensor([0.5], { dtype: 'float64' });
  opt.step();
  opt.step();
  expectClose(w, [0.9 - (0.1 * 0.95) / Math.sqrt(1.9025)], { rtol: 1e-10 });
});

test('Adagrad rejects bad hyperparameters, naming the argument', () => {
  const w = tensor([1], { requiresGrad: true });
  assert.throws(() => new Adagrad([w], { lr: Number.POSITIVE_INFINITY }), {
    name: 'ValueError',
    message: 'Adagrad: lr must be a finite number ≥ 0, got Infinity',
  });
  assert.throws(() => new Adagrad([w], { eps: -1 }), /Adagrad: eps must be/);
});
