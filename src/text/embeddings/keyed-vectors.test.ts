import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../../index.js';
import { KeyedVectors } from './keyed-vectors.js';

const close = (got: number, want: number, tol = 1e-6): void =>
  assert.ok(Math.abs(got - want) <= tol, `got ${got}, want ${want}`);

// Unit vectors: a (0.6, 0.8), b (1, 0), c (0, 1), d (−1, 0), e (0.8, 0.6).
const kv = new KeyedVectors(['a', 'b', 'c', 'd', 'e'], new Float32Array([3, 4, 2, 0, 0, 2, -1, 0, 0.8, 0.6]));

test('KeyedVectors holds words, raw and unit-length vectors', () => {
  assert.equal(kv.count, 5);
  assert.equal(kv.dim, 2);
  assert.equal(kv.index('c'), 2);
  assert.ok(kv.has('e') && !kv.has('z'));
  assert.deepEqual([...kv.vector('a')], [3, 4]);
  const unit = kv.vector('a', { normalized: true });
  close(unit[0]!, 0.6);
  close(unit[1]!, 0.8);
  assert.deepEqual([...kv.toTensor().shape], [5, 2]);
});

test('a zero vector stays zero when normalised and has cosine 0 with everything', () => {
  const z = new KeyedVectors(['zero', 'x'], new Float32Array([0, 0, 1, 0]));
  assert.deepEqual([...z.vector('zero', { normalized: true })], [0, 0]);
  assert.equal(z.similarity('zero', 'x'), 0);
});

test('similarity is the cosine', () => {
  close(kv.similarity('a', 'b'), 0.6);
  close(kv.similarity('a', 'c'), 0.8);
  close(kv.similarity('b', 'd'), -1);
  close(kv.similarity('a', 'e'), 0.96); // 0.6·0.8 + 0.8·0.6
});

test('mostSimilar to a word excludes it and ranks by cosine', () => {
  // cosines with a: b 0.6, c 0.8, d −0.6, e 0.96
  const got = kv.mostSimilar('a', { k: 2 });
  assert.deepEqual(
    got.map((s) => s.word),
    ['e', 'c'],
  );
  close(got[0]!.score, 0.96);
  close(got[1]!.score, 0.8);
  assert.deepEqual(
    kv.mostSimilar('a', { k: 10 }).map((s) => s.word),
    ['e', 'c', 'b', 'd'],
  );
});

test('mostSimilar to a vector (any length) keeps vocabulary order on ties', () => {
  // (0, 5) → cosines: a 0.8, b 0, c 1, d 0, e 0.6
  assert.deepEqual(
    kv.mostSimilar([0, 5], { k: 5 }).map((s) => [s.word, Math.round(s.score * 1e6) / 1e6]),
    [
      ['c', 1],
      ['a', 0.8],
      ['e', 0.6],
      ['b', 0],
      ['d', 0],
    ],
  );
  assert.deepEqual(
    kv.mostSimilar([0, 5], { k: 2, exclude: ['c'] }).map((s) => s.word),
    ['a', 'e'],
  );
  assert.deepEqual(
    kv.mostSimilar([0, 5], { k: 2, restrictVocab: 2 }).map((s) => s.word),
    ['a', 'b'],
  );
  assert.deepEqual(kv.mostSimilar('a', { k: 0 }), []);
});

// man (1, 0), woman (0, 1), king (0.6, 0.8), queen (−0.6, 0.8), princess (0, 1) after normalising.
const royals = new KeyedVectors(
  ['man', 'woman', 'king', 'queen', 'princess'],
  new Float32Array([1, 0, 0, 1, 3, 4, -0.6, 0.8, 0, 3]),
);

test('analogy 3CosAdd ranks by cos(d, b − a + c) and excludes the query words', () => {
  // b − a + c = (0, 1) − (1, 0) + (0.6, 0.8) = (−0.4, 1.8), length √3.4
  // princess: 1.8 / √3.4 = 0.976187; queen: (0.24 + 1.44) / √3.4 = 0.911107
  const got = royals.analogy('man', 'woman', 'king', { k: 2 });
  assert.deepEqual(
    got.map((s) => s.word),
    ['princess', 'queen'],
  );
  close(got[0]!.score, 1.8 / Math.sqrt(3.4));
  close(got[1]!.score, 1.68 / Math.sqrt(3.4));
});

test('analogy 3CosMul multiplies shifted cosines and can disagree with 3CosAdd', () => {
  // cos' = (1 + cos) / 2.  princess: cos' with woman 1, king 0.9, man 0.5 → 1·0.9 / 0.501
  // queen: cos' with woman 0.9, king (1 + 0.28) / 2 = 0.64, man 0.2 → 0.9·0.64 / 0.201
  const got = royals.analogy('man', 'woman', 'king', { method: '3CosMul', k: 2 });
  assert.deepEqual(
    got.map((s) => s.word),
    ['queen', 'princess'],
  );
  close(got[0]!.score, (0.9 * 0.64) / 0.201, 1e-5);
  close(got[1]!.score, 0.9 / 0.501, 1e-5);
});

test('doesntMatch picks the word farthest from the mean direction', () => {
  // unit vectors a (0.6, 0.8), e (0.8, 0.6), d (−1, 0): mean (0.1333, 0.4667); d has cos −0.1333
  assert.equal(kv.doesntMatch(['a', 'e', 'd']), 'd');
  assert.equal(kv.doesntMatch(['a']), 'a');
});

test('KeyedVectors rejects bad input with typed errors', () => {
  assert.throws(() => new KeyedVectors(['a', 'b'], new Float32Array(3)), ShapeError);
  assert.throws(() => new KeyedVectors(['a', 'a'], new Float32Array(2)), /the word 'a' appears twice/);
  assert.throws(
    () => kv.similarity('a', 'zebra'),
    (e: unknown) => e instanceof ValueError && /'zebra'/.test(e.message),
  );
  assert.throws(() => kv.mostSimilar([1, 2, 3]), /mostSimilar: query must have 2 numbers, got 3/);
  assert.throws(() => kv.mostSimilar('a', { k: -1 }), ValueError);
  assert.throws(() => royals.analogy('man', 'woman', 'king', { method: 'x' as '3CosAdd' }), ValueError);
  assert.throws(() => kv.doesntMatch([]), ValueError);
});
