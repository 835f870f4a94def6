import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../../index.js';
import { biasDirection, equalize, hardDebias, neutralize } from './debias.js';
import { KeyedVectors } from './keyed-vectors.js';

function closeAll(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-6): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++)
    assert.ok(Math.abs(got[i]! - want[i]!) <= tol, `[${i}] got ${Array.from(got)}, want ${Array.from(want)}`);
}
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(a).reduce((s, x, i) => s + x * b[i]!, 0);

// Pair 1 differs by (2, 0, 0), pair 2 by (0, 1, 0).
const pairs = [
  [
    [2, 1, 0],
    [0, 1, 0],
  ],
  [
    [0, 1, 5],
    [0, 0, 5],
  ],
] as const;

test('biasDirection by differences: the mean difference, unit length', () => {
  // mean of (2, 0, 0) and (0, 1, 0) = (1, 0.5, 0) → / √1.25
  closeAll(biasDirection(pairs), [2 / Math.sqrt(5), 1 / Math.sqrt(5), 0]);
});

test('biasDirection by PCA: the first principal component of the centred pairs', () => {
  // rows ±(1, 0, 0) and ±(0, 0.5, 0): scatter diag(2, 0.5, 0) → (1, 0, 0)
  closeAll(biasDirection(pairs, { method: 'pca' }), [1, 0, 0]);
  // The sign follows the differences: swapping every pair flips it.
  const swapped = pairs.map(([a, b]) => [b, a] as const);
  closeAll(biasDirection(swapped, { method: 'pca' }), [-1, 0, 0]);
});

test('neutralize removes the component along the direction: cosine 0 after', () => {
  // e·g = 18, g·g = 25: (1, 2, 3) − 0.72 (0, 3, 4) = (1, −0.16, 0.12)
  const e = neutralize([1, 2, 3], [0, 3, 4]);
  closeAll(e, [1, -0.16, 0.12]);
  assert.ok(Math.abs(dot(e, [0, 3, 4])) < 1e-6);
});

test('equalize makes the pair unit length and symmetric about the neutral axis', () => {
  // μ = (−0.1, 0.4, 0.3), μ_B = (−0.1, 0, 0), ν = (0, 0.4, 0.3), √(1 − ‖ν‖²) = √0.75
  const g = [1, 0, 0];
  const [a, b] = equalize([0.6, 0.8, 0], [-0.8, 0, 0.6], g);
  const s = Math.sqrt(0.75);
  closeAll(a, [s, 0.4, 0.3]);
  closeAll(b, [-s, 0.4, 0.3]);
  assert.ok(Math.abs(dot(a, a) - 1) < 1e-6 && Math.abs(dot(b, b) - 1) < 1e-6);
  // Symmetric: equal and opposite along g, equal orthogonal to it, so any neutral word is
  // equally similar to both.
  const neutral = neutralize([0.3, -0.2, 0.9], g);
  assert.ok(Math.abs(dot(neutral, a) - dot(neutral, b)) < 1e-6);
  // Unnormalised input gives the same result: the pair is scaled to unit length first.
  closeAll(equalize([3, 4, 0], [-0.8, 0, 0.6], [5, 0, 0])[0], [s, 0.4, 0.3]);
});

test('hardDebias neutralizes the neutral words and equalizes the pairs', () => {
  // he (1, 0.2), she (−1, 0.2): g = ±(1, 0). nurse (−0.5, 1) → (0, 1) once neutralized.
  const kv = new KeyedVectors(
    ['he', 'she', 'nurse', 'king', 'queen', 'man', 'woman'],
    new Float32Array([1, 0.2, -1, 0.2, -0.5, 1, 1, 1, -0.5, 1, 2, 0.1, -1, 0.3]),
  );
  assert.ok(kv.similarity('nurse', 'she') > kv.similarity('nurse', 'he'));
  const fixed = hardDebias(kv, {
    definitional: [['she', 'he']],
    specific: ['king', 'queen'],
    equalize: [
      ['woman', 'man'],
      ['girl', 'boy'],
    ],
  });
  closeAll(fixed.vector('nurse'), [0, 1]);
  assert.ok(Math.abs(fixed.similarity('nurse', 'she') - fixed.similarity('nurse', 'he')) < 1e-6);
  closeAll(fixed.vector('king'), kv.vector('king', { normalized: true })); // specific: kept
  // man and woman: unit vectors, mirror images across the neutral axis.
  const [m, w] = [fixed.vector('man'), fixed.vector('woman')];
  closeAll([m[0]! + w[0]!, m[1]! - w[1]!], [0, 0]);
  assert.ok(Math.abs(fixed.similarity('nurse', 'man') - fixed.similarity('nurse', 'woman')) < 1e-6);
});

test('debiasing rejects bad input with typed errors', () => {
  assert.throws(() => biasDirection([]), ValueError);
  assert.throws(() => biasDirection([[[1, 2], [1]]]), ShapeError);
  assert.throws(
    () =>
      biasDirection([
        [
          [1, 2],
          [1, 2],
        ],
      ]),
    /zero and has no direction/,
  );
  assert.throws(() => biasDirection(pairs, { method: 'svd' as 'pca' }), ValueError);
  assert.throws(() => neutralize([1, 2], [0, 0]), /direction must not be the zero vector/);
  assert.throws(
    () => neutralize([1, 2], [0, 0, 1]),
    /neutralize: the vector has 2 numbers but the direction has 3/,
  );
  assert.throws(() => equalize([1, 0], [0, 1], [1]), ShapeError);
});
