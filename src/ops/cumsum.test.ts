import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { cumsum } from './cumsum.js';

/** Running sums along `axis` of a row-major plain array. */
function cumsumReference(x: Plain, axis: number): Plain {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const size = x.shape[a] ?? 1;
  const inner = x.shape.slice(a + 1).reduce((p, s) => p * s, 1);
  const data = [...x.data];
  for (let i = 0; i < data.length; i++) {
    const k = Math.floor(i / inner) % size;
    if (k > 0) data[i]! += data[i - inner]!;
  }
  return { shape: x.shape, data };
}

for (const axis of [0, 1, -1]) {
  checkOp({
    name: `cumsum axis ${axis}`,
    fn: (x: Tensor) => cumsum(x, axis),
    reference: (x) => cumsumReference(x, axis),
    cases: [[[3, 4, 2]], [[2, 0, 3]], [[0, 3, 1]]],
  });
}

checkOp({
  name: 'cumsum of a scalar',
  fn: (x: Tensor) => cumsum(x, 0),
  reference: (x) => x,
  cases: [[[]]],
  errors: [
    {
      what: 'an out-of-range axis',
      call: () => cumsum(tensor([1, 2]), 1),
      message: /cumsum: axis 1 is out of range/,
      type: ValueError,
    },
    { what: 'a string', call: () => cumsum('x' as never, 0), message: /cumsum: x must be a Tensor/ },
  ],
});

test('cumsum of [1, 2, 3] is [1, 3, 6]; its gradient counts the later outputs', () => {
  const x = tensor([1, 2, 3], { dtype: 'float64' });
  expectClose(cumsum(x, 0), [1, 3, 6]);
  // Σᵢ outᵢ = 3x₀ + 2x₁ + x₂
  expectClose(grad((v: Tensor) => cumsum(v, 0).sum())(x), [3, 2, 1]);
});

test('cumsum of int32 and bool runs in int32', () => {
  const y = cumsum(tensor([true, false, true]), 0);
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.toArray(), [1, 1, 2]);
  assert.equal(cumsum(tensor([1, 2], { dtype: 'int32' }), 0).dtype, 'int32');
});
