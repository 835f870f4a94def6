import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { rocAuc } from './roc-curve.js';

test('rocAuc counts the positive–negative pairs ranked right, ties as one half', () => {
  // pairs (pos, neg): (0.35, 0.1) ✓, (0.35, 0.4) ✗, (0.8, 0.1) ✓, (0.8, 0.4) ✓ → 3/4
  assert.equal(rocAuc(tensor([0.1, 0.4, 0.35, 0.8]), tensor([0, 0, 1, 1])), 0.75);
  assert.equal(rocAuc(tensor([1, 2, 3]), tensor([0, 1, 1])), 1);
  assert.equal(rocAuc(tensor([3, 2, 1]), tensor([0, 1, 1])), 0);
  // every score equal: each pair is a tie → ½
  assert.equal(rocAuc(tensor([5, 5, 5, 5]), tensor([1, 0, 1, 0])), 0.5);
  // one tie among four pairs: (0.5 vs 0.5) ½, the other three right → 3.5/4
  assert.equal(rocAuc(tensor([0.2, 0.5, 0.5, 0.9]), tensor([0, 0, 1, 1])), 0.875);
});

test('rocAuc rejects one-class targets and mismatched shapes', () => {
  assert.throws(
    () => rocAuc(tensor([1, 2]), tensor([1, 1])),
    (e: unknown) =>
      e instanceof ValueError && /needs both positives and negatives, got 2 and 0/.test(e.message),
  );
  assert.throws(() => rocAuc(tensor([1, 2]), tensor([1])), ShapeError);
});
