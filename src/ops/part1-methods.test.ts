import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { expectClose } from '../testing/expect-close.js';
import './methods.js';

test('the part 1 ops are Tensor methods too', () => {
  const x = tensor([
    [-2, 0.5],
    [3, 4],
  ]);
  expectClose(x.pow(2), [4, 0.25, 9, 16]);
  expectClose(x.maximum(1), [1, 1, 3, 4]);
  expectClose(x.minimum(1), [-2, 0.5, 1, 1]);
  expectClose(x.leakyRelu(0.5), [-1, 0.5, 3, 4]);
  expectClose(x.elu().select(0, 0), [Math.expm1(-2), 0.5]);
  expectClose(x.selu().select(1, 1), [0.5 * 1.0507009873554805, 4 * 1.0507009873554805]);
  // The tanh form stays within 1e-3 of the exact one.
  expectClose(x.gelu({ approximate: 'tanh' }), x.gelu(), { rtol: 0, atol: 1e-3 });
  // Threshold 0: x itself above 0; log1p(e⁻²) = 0.12692801104297263 at −2.
  expectClose(x.softplus(1, 0), [0.12692801104297263, 0.5, 3, 4]);
  expectClose(x.silu(), x.swish());
  expectClose(x.hardTanh(), [-1, 0.5, 1, 1]);
  expectClose(x.clamp(0, 3.5), [0, 0.5, 3, 3.5]);
  expectClose(x.var(1, { unbiased: false }), [1.5625, 0.25]);
  expectClose(x.std(1, { unbiased: false }), [1.25, 0.5]);
  expectClose(x.prod(), [-12]);
  assert.equal(x.argmax().item(), 3);
  assert.deepEqual(x.argmin(1).toArray(), [0, 0]);
  expectClose(x.norm(1), [9.5]);
  expectClose(x.cumsum(0), [-2, 0.5, 1, 4.5]);
});
