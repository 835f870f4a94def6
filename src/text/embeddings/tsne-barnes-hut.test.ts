import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../../index.js';
import { tsne, tsneGradient } from './tsne.js';
import { type SparseAffinities, tsneAffinities, tsneSparseAffinities } from './tsne-affinities.js';
import { tsneGradientBarnesHut } from './tsne-barnes-hut.js';

function dense(p: SparseAffinities): Float64Array {
  const out = new Float64Array(p.n * p.n);
  for (let i = 0; i < p.n; i++)
    for (let e = p.rowStarts[i]!; e < p.rowStarts[i + 1]!; e++) out[i * p.n + p.columns[e]!] = p.values[e]!;
  return out;
}

function randomPoints(n: number, dim: number, seed: number): number[] {
  const g = new Generator(seed);
  return Array.from({ length: n * dim }, () => g.normal());
}

function relativeError(a: Float64Array, b: Float64Array): number {
  let [diff, norm] = [0, 0];
  for (let k = 0; k < a.length; k++) [diff, norm] = [diff + (a[k]! - b[k]!) ** 2, norm + b[k]! ** 2];
  return Math.sqrt(diff / norm);
}

test('Barnes–Hut with θ = 0 is the exact gradient and KL for the same sparse P', () => {
  const p = tsneSparseAffinities(randomPoints(40, 5, 1), 5, 3);
  const y = Float64Array.from(randomPoints(40, 2, 2));
  // Two points on top of each other (a leaf with two points) and one far away.
  y.set([y[0]!, y[1]!], 2);
  y.set([50, -40], 4);
  const exact = tsneGradient(dense(p), y);
  const bh = tsneGradientBarnesHut(p, y, { theta: 0 });
  assert.ok(Math.abs(bh.kl - exact.kl) < 1e-12, `${bh.kl} vs ${exact.kl}`);
  for (let k = 0; k < 80; k++) assert.ok(Math.abs(bh.grad[k]! - exact.grad[k]!) < 1e-12, `coordinate ${k}`);
  // Exaggeration scales the attractive term only: 4·(α·attraction − repulsion).
  const zero = new Float64Array(p.values.length);
  const repulsion = tsneGradientBarnesHut({ ...p, values: zero }, y, { theta: 0 }).grad;
  const twice = tsneGradientBarnesHut(p, y, { theta: 0, exaggeration: 2 }).grad;
  for (let k = 0; k < 80; k++)
    assert.ok(Math.abs(twice[k]! - (2 * exact.grad[k]! - repulsion[k]!)) < 1e-12, `coordinate ${k}`);
});

test('Barnes–Hut with θ = 0.5 stays within a few percent of the exact gradient', () => {
  const p = tsneSparseAffinities(randomPoints(300, 4, 3), 4, 10);
  const y = Float64Array.from(randomPoints(300, 2, 4), (v) => 5 * v);
  const exact = tsneGradient(dense(p), y);
  const bh = tsneGradientBarnesHut(p, y, { theta: 0.5 });
  assert.ok(
    relativeError(bh.grad, exact.grad) < 0.03,
    `relative error ${relativeError(bh.grad, exact.grad)}`,
  );
  assert.ok(Math.abs(bh.kl / exact.kl - 1) < 0.01, `${bh.kl} vs ${exact.kl}`);
  const coarse = tsneGradientBarnesHut(p, y, { theta: 0.9 });
  assert.ok(relativeError(coarse.grad, exact.grad) > relativeError(bh.grad, exact.grad));
});

test('Barnes–Hut t-SNE lands where exact t-SNE does: KL as low, the same neighbourhoods', () => {
  const g = new Generator(5);
  const centres = [0, 1, 2, 3].map(() => Array.from({ length: 6 }, () => 6 * g.normal()));
  const data = Array.from({ length: 80 }, (_, i) => centres[i % 4]!.map((c) => c + g.normal())).flat();
  const options = { perplexity: 8, iterations: 700, seed: 1 };
  const exact = tsne(data, 6, { ...options, method: 'exact' });
  const bh = tsne(data, 6, options);
  // Both embeddings scored against the same (exact) P.
  const p = tsneAffinities(data, 6, 8);
  const klExact = tsneGradient(p, exact).kl;
  const klBh = tsneGradient(p, bh).kl;
  assert.ok(Math.abs(klBh - klExact) < 0.1 * klExact, `KL ${klBh} vs ${klExact}`);
  // Every point's nearest neighbour in 2-D is from its own cluster in both.
  for (const y of [exact, bh])
    for (let i = 0; i < 80; i++) {
      let [best, bestD] = [-1, Number.POSITIVE_INFINITY];
      for (let j = 0; j < 80; j++) {
        const d = (y[2 * i]! - y[2 * j]!) ** 2 + (y[2 * i + 1]! - y[2 * j + 1]!) ** 2;
        if (j !== i && d < bestD) [best, bestD] = [j, d];
      }
      assert.equal(best % 4, i % 4, `point ${i}`);
    }
  assert.throws(() => tsne(data, 6, { theta: 1 }), /theta must be in \[0, 1\), got 1/);
  assert.throws(() => tsne(data, 6, { method: 'fast' as 'exact' }), /method must be 'barnes-hut' or 'exact'/);
});
