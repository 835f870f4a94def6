import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { LocalResponseNorm } from './local-response-norm.js';

test('LocalResponseNorm divides by (k + α/n·Σ neighbour squares)^β', () => {
  const lrn = new LocalResponseNorm(2, { alpha: 1, beta: 1, k: 1 });
  // n = 2: channel c sees c − 1 and c. Channels 1, 2: 1/(1 + 1/2) and 2/(1 + (1 + 4)/2)
  expectClose(lrn.forward(tensor([[[1], [2]]])), [[[1 / 1.5], [2 / 3.5]]]);
  assert.throws(
    () => new LocalResponseNorm(0).forward(tensor([[[1]]])),
    /localResponseNorm: size must be a positive integer/,
  );
});
