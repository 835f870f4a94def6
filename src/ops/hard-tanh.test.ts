import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { clamp } from './clamp.js';
import { hardTanh } from './hard-tanh.js';

checkOp({
  name: 'hardTanh',
  fn: (x: Tensor) => hardTanh(x),
  elementwise: (a) => Math.min(Math.max(a, -1), 1),
  cases: [[[3, 4]], [[]], [[0, 3]], [[8, 16]]],
  errors: [
    { what: 'a string', call: () => hardTanh('x' as never), message: /hardTanh: x must be a Tensor/ },
    {
      what: 'min above max',
      call: () => hardTanh(tensor([1]), 2, 1),
      message: /hardTanh: min \(2\) must not exceed max \(1\)/,
      type: ValueError,
    },
  ],
});

test('hardTanh passes no gradient at its edges (PyTorch hardtanh), NaN stays NaN', () => {
  const x = tensor([-1, 0, 1, 2, -0.5], { dtype: 'float64' });
  expectClose(hardTanh(x, -0.5, 1), [-0.5, 0, 1, 1, -0.5]);
  expectClose(grad((v: Tensor) => hardTanh(v).sum())(x), [0, 1, 0, 0, 1]);
  expectClose(hardTanh(tensor([Number.NaN])), [Number.NaN]);
});

test('hardTanh and clamp on a native-sized tensor: NaN stays NaN, -0 clipped at 0 gives 0, edges as PyTorch', () => {
  const values = Array.from({ length: 128 }, (_, i) =>
    i % 4 === 0 ? Number.NaN : i % 4 === 1 ? -0 : (i - 64) / 8,
  );
  const x = tensor(values);
  const want = values.map((v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, 0), 6)));
  expectClose(hardTanh(x, 0, 6), want);
  expectClose(clamp(x, 0, 6), want);
  assert.equal(Object.is(hardTanh(x, 0, 6).data()[1], 0), true, '-0 clipped at 0 is +0');
});
