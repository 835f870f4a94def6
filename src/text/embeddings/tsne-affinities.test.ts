import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, ShapeError, ValueError } from '../../index.js';
import { tsneAffinities, tsneSparseAffinities } from './tsne-affinities.js';

test('tsneAffinities: equidistant points share their affinity, P is symmetric and sums to 1', () => {
  // An equilateral triangle: p_j|i = 1/2 for both neighbours, so p_ij = (1/2 + 1/2) / 6 = 1/6.
  const p = tsneAffinities([0, 0, 1, 0, 0.5, Math.sqrt(3) / 2], 2, 2);
  assert.deepEqual(
    Array.from(p, (x) => Math.round(x * 1e9) / 1e9),
    [0, 1 / 6, 1 / 6, 1 / 6, 0, 1 / 6, 1 / 6, 1 / 6, 0].map((x) => Math.round(x * 1e9) / 1e9),
  );
  const g = new Generator(3);
  const data = Array.from({ length: 30 }, () => g.normal());
  const q = tsneAffinities(data, 3, 4);
  assert.ok(Math.abs(q.reduce((s, x) => s + x, 0) - 1) < 1e-12);
  for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) assert.equal(q[i * 10 + j], q[j * 10 + i]);
});

test('tsneAffinities finds the width whose perplexity is the one asked for', () => {
  // 1-D points 0, 1, 2 and perplexity 2 = e^(ln 2): every conditional row must be uniform over its
  // two neighbours (β → 0 for the end points, any β for the middle one), so p_ij = (1/2 + 1/2) / 6.
  // Near the uniform row the entropy is flat (quadratic), so 1e-10 in entropy is ~1e-5 in p.
  const p = tsneAffinities([0, 1, 2], 1, 2);
  for (const k of [1, 2, 5]) assert.ok(Math.abs(p[k]! - 1 / 6) < 1e-4, `p[${k}] = ${p[k]}`);
});

test('tsneSparseAffinities over n − 1 neighbours is the exact P, in compressed rows', () => {
  const g = new Generator(4);
  const data = Array.from({ length: 12 * 3 }, () => g.normal());
  // perplexity 4: 3·4 + 1 = 13 neighbours, capped at n − 1 = 11, so every pair is kept.
  const dense = tsneAffinities(data, 3, 4);
  const sparse = tsneSparseAffinities(data, 3, 4);
  assert.deepEqual(
    [...sparse.rowStarts],
    Array.from({ length: 13 }, (_, i) => 11 * i),
  );
  for (let i = 0; i < 12; i++)
    for (let e = sparse.rowStarts[i]!; e < sparse.rowStarts[i + 1]!; e++) {
      const j = sparse.columns[e]!;
      assert.ok(Math.abs(sparse.values[e]! - dense[i * 12 + j]!) < 1e-15, `p[${i}, ${j}]`);
    }
});

test('tsneSparseAffinities keeps each point’s 3·perplexity + 1 nearest and those that picked it', () => {
  // Two groups of four on a line, far apart; perplexity 1 gives 4 neighbours: a point's three
  // group mates and the nearest point of the other group (3 for the left group, 100 for the right).
  const data = [0, 1, 2, 3, 100, 101, 102, 103];
  const p = tsneSparseAffinities(data, 1, 1);
  const row = (i: number): number[] => [...p.columns.subarray(p.rowStarts[i], p.rowStarts[i + 1])];
  assert.deepEqual(row(0), [1, 2, 3, 4]);
  // Point 3 is also picked by all four right-hand points.
  assert.deepEqual(row(3), [0, 1, 2, 4, 5, 6, 7]);
  assert.deepEqual(row(7), [3, 4, 5, 6]);
  assert.ok(Math.abs(p.values.reduce((s, v) => s + v, 0) - 1) < 1e-12);
  // Symmetric: p_ij = p_ji entry for entry.
  for (let i = 0; i < 8; i++)
    for (let e = p.rowStarts[i]!; e < p.rowStarts[i + 1]!; e++) {
      const j = p.columns[e]!;
      const back = row(j).indexOf(i);
      assert.equal(p.values[p.rowStarts[j]! + back], p.values[e]);
    }
});

test('tsneAffinities and tsneSparseAffinities reject bad input', () => {
  assert.throws(() => tsneSparseAffinities([1, 2, 3], 2, 1), ShapeError);
  assert.throws(
    () => tsneSparseAffinities([1, 2, 3], 1, 3),
    /tsneSparseAffinities: perplexity must be in \(0, 3\)/,
  );
  assert.throws(() => tsneAffinities([1, 2, 3], 1, 0), ValueError);
});
