import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../../index.js';
import { pca } from './pca.js';

function closeAll(got: ArrayLike<number>, want: number[], tol = 1e-9): void {
  for (const [i, w] of want.entries())
    assert.ok(Math.abs(got[i]! - w) < tol, `[${i}] got ${Array.from(got)}, want ${want}`);
}

test('pca of points on a line: one direction holds all the variance', () => {
  // (1, 2), (2, 4), (3, 6): centred they are −1, 0, 1 times (1, 2) = ±√5 along (1, 2)/√5;
  // variance (5 + 0 + 5) / (3 − 1) = 5
  const r = pca([1, 2, 2, 4, 3, 6], 2, { components: 1 });
  closeAll(r.components, [1 / Math.sqrt(5), 2 / Math.sqrt(5)]);
  closeAll(r.projected, [-Math.sqrt(5), 0, Math.sqrt(5)]);
  closeAll(r.explainedVariance, [5]);
});

test('pca orders components by variance and makes each one’s largest entry positive', () => {
  // (±2, 0), (0, ±1): covariance diag(8/3, 2/3)
  const r = pca([2, 0, -2, 0, 0, 1, 0, -1], 2);
  closeAll(r.components, [1, 0, 0, 1]);
  closeAll(r.explainedVariance, [8 / 3, 2 / 3]);
  closeAll(r.projected, [2, 0, -2, 0, 0, 1, 0, -1]);
});

test('pca rejects bad shapes and counts', () => {
  assert.throws(() => pca([1, 2, 3], 2), ShapeError);
  assert.throws(() => pca([1, 2], 2), /needs at least 2 points, got 1/);
  assert.throws(() => pca([1, 2, 3, 4], 2, { components: 3 }), ValueError);
});
