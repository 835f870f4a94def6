import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ValueError } from '../../../errors.js';
import { Generator, ones, tensor, zeros } from '../../../index.js';
import { checkLayer } from '../../../testing/check-layer.js';
import { expectClose } from '../../../testing/expect-close.js';
import { Dropout } from './dropout.js';

test('Dropout in training drops a fraction p and scales survivors by 1/keep (inverted dropout)', () => {
  const drop = new Dropout(0.3, { generator: new Generator(1) });
  const y = [...drop.forward(ones([20000])).data()];
  const zeros = y.filter((v) => v === 0).length / y.length;
  // 20,000 Bernoulli(0.3) draws: std of the fraction ≈ 0.0032, so ±0.015 is ~5σ.
  assert.ok(Math.abs(zeros - 0.3) < 0.015, `dropped fraction ${zeros}`);
  assert.ok(
    y.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6),
    'survivors are scaled by 1/0.7',
  );
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  assert.ok(Math.abs(mean - 1) < 0.03, `the expected activation is kept: mean ${mean}`);
});

test('Dropout in eval mode is the identity', () => {
  const drop = new Dropout(0.5).eval();
  const x = tensor([1, 2, 3]);
  assert.equal(drop.forward(x), x);
});

test('Dropout p = 1 zeroes everything, p = 0 changes nothing', () => {
  expectClose(new Dropout(1).forward(tensor([1, 2, 3])), [0, 0, 0]);
  const x = tensor([1, 2]);
  assert.equal(new Dropout(0).forward(x), x);
});

test('the gradient flows through the kept elements with the same 1/keep scale', () => {
  const x = ones([50], { requiresGrad: true });
  const y = new Dropout(0.5, { generator: new Generator(2) }).forward(x);
  y.sum().backward();
  // d(Σ x·mask/keep)/dx = mask/keep = y for x = 1
  expectClose(x.grad!, y);
});

test('a seeded generator gives the same mask', () => {
  const a = new Dropout(0.5, { generator: new Generator(3) }).forward(ones([30]));
  const b = new Dropout(0.5, { generator: new Generator(3) }).forward(ones([30]));
  expectClose(a, b, { rtol: 0, atol: 0 });
});

test('Dropout rejects p outside [0, 1] and int inputs', () => {
  assert.throws(
    () => new Dropout(1.5),
    (e: unknown) => e instanceof ValueError && /Dropout: p must be in \[0, 1\], got 1.5/.test(e.message),
  );
  assert.throws(
    () => new Dropout(0.5).forward(tensor([1], { dtype: 'int32' })),
    /dropout: x must be float32 or float64, got int32/,
  );
});

checkLayer({
  name: 'Dropout(0.3)',
  make: ({ generator }) => new Dropout(0.3, { generator }),
  // The same mask in every run, so the float32 and float64 runs and gradcheck see one function.
  beforeForward: (drop) => drop.generator.manualSeed(3),
  inputs: [[4, 5]],
  evalDiffers: true,
  errors: [
    {
      what: 'an int32 input',
      inputs: [zeros([2, 3], { dtype: 'int32' })],
      message: /dropout: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});
