import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, ones, randn, tensor, zeros } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { AlphaDropout } from './alpha-dropout.js';
import { GaussianDropout } from './gaussian-dropout.js';
import { GaussianNoise } from './gaussian-noise.js';

function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  const v = Array.from(values);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, variance: v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length };
}

test('GaussianNoise adds N(0, σ²) in training and nothing in eval mode', () => {
  const noise = new GaussianNoise(0.5, { generator: new Generator(1) });
  const { mean, variance } = moments(noise.forward(ones([20000])).data());
  // 20,000 draws: std of the mean ≈ 0.0035, of the variance ≈ 0.0025
  assert.ok(Math.abs(mean - 1) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(variance - 0.25) < 0.015, `variance ${variance}`);
  const x = tensor([1, 2]);
  assert.equal(noise.eval().forward(x), x);
  // the same seed gives the same noise: x + 0.5·z for the generator's first normals
  const z = randn([3], { generator: new Generator(7) });
  const y = new GaussianNoise(0.5, { generator: new Generator(7) }).forward(zeros([3]));
  expectClose(y, z.mul(0.5));
});

test('GaussianDropout multiplies by N(1, p/(1 − p)) in training; gradient is the noise', () => {
  const drop = new GaussianDropout(0.2, { generator: new Generator(2) });
  const { mean, variance } = moments(drop.forward(ones([20000])).data());
  assert.ok(Math.abs(mean - 1) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(variance - 0.25) < 0.015, `variance ${variance} (0.2/0.8 = 0.25)`);
  const x = ones([5], { requiresGrad: true });
  const y = new GaussianDropout(0.5, { generator: new Generator(3) }).forward(x);
  y.sum().backward();
  expectClose(x.grad!, y); // d(Σ x·ε)/dx = ε = y at x = 1
  assert.equal(drop.eval().forward(x), x);
});

test('AlphaDropout keeps mean 0 and variance 1 of standard normal inputs, and sets dropped units to a·α′ + b', () => {
  const p = 0.2;
  const drop = new AlphaDropout(p, { generator: new Generator(4) });
  const x = randn([20000], { generator: new Generator(5) });
  const y = drop.forward(x).data();
  const { mean, variance } = moments(y);
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.04, `variance ${variance}`);
  // α′ = −1.7580993408473766; a = (0.8·(1 + 0.2·α′²))^(−½) = 0.8864; b = −a·α′·0.2 = 0.3117
  const alpha = -1.7580993408473766;
  const a = 1 / Math.sqrt(0.8 * (1 + 0.2 * alpha * alpha));
  const b = -a * alpha * p;
  const xs = x.data();
  let dropped = 0;
  for (let i = 0; i < y.length; i++) {
    const kept = Math.abs(y[i]! - (a * xs[i]! + b)) < 1e-5;
    const isDropped = Math.abs(y[i]! - (a * alpha + b)) < 1e-5;
    assert.ok(kept || isDropped, `element ${i}: ${y[i]}`);
    if (isDropped && !kept) dropped++;
  }
  assert.ok(Math.abs(dropped / y.length - p) < 0.015, `dropped fraction ${dropped / y.length}`);
  assert.equal(drop.eval().forward(x), x);
});

test('noise layers reject bad rates and int inputs, naming the layer', () => {
  assert.throws(() => new GaussianNoise(-1), {
    name: 'ValueError',
    message: 'GaussianNoise: stddev must be a finite number ≥ 0, got -1',
  });
  assert.throws(() => new GaussianDropout(1), { message: 'GaussianDropout: p must be in [0, 1), got 1' });
  assert.throws(() => new AlphaDropout(2), { message: 'AlphaDropout: p must be in [0, 1], got 2' });
  assert.throws(() => new AlphaDropout(0.5).forward(tensor([1], { dtype: 'int32' })), {
    message: 'AlphaDropout: x must be float32 or float64, got int32',
  });
  expectClose(new AlphaDropout(1).forward(tensor([3, -2])), [0, 0]);
});
