import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matmul } from './matmul.js';

const shape = { batch: 1, m: 1, n: 2, k: 2, transA: false, transB: false, strideA: 0, strideB: 0 };

test('a zero times NaN or ∞ is NaN in the reference product too (it skipped zero terms)', () => {
  const out = new Float64Array(2);
  // [0, 1] · [[NaN, ∞], [2, 3]] = [0·NaN + 2, 0·∞ + 3] = [NaN, NaN]
  matmul(Float64Array.of(0, 1), Float64Array.of(Number.NaN, Number.POSITIVE_INFINITY, 2, 3), out, shape);
  assert.deepEqual([...out], [Number.NaN, Number.NaN]);
  const transposed = new Float64Array(2);
  matmul(Float64Array.of(0, 1), Float64Array.of(Number.NaN, 2, Number.POSITIVE_INFINITY, 3), transposed, {
    ...shape,
    transB: true,
  });
  assert.deepEqual([...transposed], [Number.NaN, Number.NaN]);
});
