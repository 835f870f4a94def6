import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../../errors.js';
import { narrow } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { sinusoidalPositionalEncoding } from './sinusoidal-positional-encoding.js';

test('position 1, dims 0–3 of a 4-wide encoding: sin(1), cos(1), sin(1/100), cos(1/100)', () => {
  const pe = sinusoidalPositionalEncoding(3, 4);
  assert.deepEqual(pe.shape, [3, 4]);
  // dims 0,1 have frequency 1/10000^(0/4) = 1; dims 2,3 have 1/10000^(2/4) = 1/100
  expectClose(narrow(pe, 0, 1, 1), [[0.841471, 0.540302, 0.00999983, 0.99995]]);
  // position 0 is sin(0), cos(0) everywhere
  expectClose(narrow(pe, 0, 0, 1), [[0, 1, 0, 1]]);
  // position 2: sin(2), cos(2), sin(0.02), cos(0.02)
  expectClose(narrow(pe, 0, 2, 1), [[Math.sin(2), Math.cos(2), Math.sin(0.02), Math.cos(0.02)]]);
});

test('an odd dModel ends on a sine; dtype is honoured', () => {
  const pe = sinusoidalPositionalEncoding(2, 3, { dtype: 'float64' });
  assert.equal(pe.dtype, 'float64');
  // dim 2 has frequency 1/10000^(2/3)
  expectClose(narrow(pe, 0, 1, 1), [[Math.sin(1), Math.cos(1), Math.sin(10000 ** (-2 / 3))]], {
    rtol: 1e-12,
  });
});

test('sinusoidalPositionalEncoding rejects sizes that are not positive integers', () => {
  assert.throws(() => sinusoidalPositionalEncoding(0, 4), ValueError);
  assert.throws(
    () => sinusoidalPositionalEncoding(4, 2.5),
    /sinusoidalPositionalEncoding: dModel must be a positive integer, got 2.5/,
  );
});
