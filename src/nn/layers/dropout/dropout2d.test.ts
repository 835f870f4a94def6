import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../../../errors.js';
import { Generator, ones } from '../../../index.js';
import { checkLayer } from '../../../testing/check-layer.js';
import { Dropout2d } from './dropout2d.js';

test('Dropout2d zeroes whole channels and scales the rest by 1/(1 − p)', () => {
  const drop = new Dropout2d(0.25, { generator: new Generator(7) });
  const n = 200;
  const c = 50;
  const y = drop.forward(ones([n, c, 3, 3])).data();
  let dropped = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const values = [...y.subarray(plane * 9, plane * 9 + 9)];
    // a channel is all 0 or all 1/0.75
    assert.ok(values.every((v) => v === 0) || values.every((v) => Math.abs(v - 4 / 3) < 1e-6));
    if (values[0] === 0) dropped++;
  }
  // 10,000 Bernoulli(0.25) draws: std of the fraction is √(0.25·0.75/10⁴) ≈ 0.0043
  assert.ok(Math.abs(dropped / (n * c) - 0.25) < 0.02, `dropped fraction ${dropped / (n * c)}`);
  let sum = 0;
  for (const v of y) sum += v;
  assert.ok(Math.abs(sum / y.length - 1) < 0.03); // inverted scaling keeps the mean at 1
});

test('Dropout2d is the identity in eval mode and checks its arguments', () => {
  const x = ones([1, 2, 2, 2]);
  assert.equal(new Dropout2d(0.5).eval().forward(x), x);
  assert.throws(() => new Dropout2d(1.5), /Dropout2d: p must be in \[0, 1\], got 1.5/);
  assert.throws(() => new Dropout2d().forward(ones([2, 3])), /dropout2d: x must have rank 4/);
});

checkLayer({
  name: 'Dropout2d(0.5)',
  make: ({ generator }) => new Dropout2d(0.5, { generator }),
  beforeForward: (drop) => drop.generator.manualSeed(4),
  inputs: [[3, 4, 2, 2]],
  evalDiffers: true,
  errors: [
    {
      what: 'a rank-3 input',
      inputs: [[3, 4, 2]],
      message: /dropout2d: x must have rank 4 \[batch, channels, height, width\], got shape \[3, 4, 2\]/,
      type: ShapeError,
    },
  ],
});
