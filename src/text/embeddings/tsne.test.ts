import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, ShapeError, ValueError } from '../../index.js';
import { tsne, tsneGradient } from './tsne.js';

test('tsneGradient matches central differences of KL(P ‖ Q)', () => {
  const g = new Generator(1);
  const n = 5;
  const raw = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 0 : g.uniform()));
  const sym = raw.map((x, k) => x + raw[(k % n) * n + Math.floor(k / n)]!);
  const total = sym.reduce((s, x) => s + x, 0);
  const p = sym.map((x) => x / total);
  const y = Float64Array.from({ length: 2 * n }, () => g.normal());
  const { grad } = tsneGradient(p, y);
  const eps = 1e-6;
  for (let k = 0; k < 2 * n; k++) {
    const plus = y.slice();
    const minus = y.slice();
    plus[k]! += eps;
    minus[k]! -= eps;
    const numeric = (tsneGradient(p, plus).kl - tsneGradient(p, minus).kl) / (2 * eps);
    assert.ok(Math.abs(numeric - grad[k]!) < 1e-6, `coordinate ${k}: ${numeric} vs ${grad[k]}`);
  }
  const two = tsneGradient(new Float64Array([0, 0.5, 0.5, 0]), new Float64Array([0, 0, 3, 4]));
  assert.equal(two.kl, 0);
  assert.deepEqual([...two.grad], [0, 0, 0, 0]);
});

test('tsne keeps clusters apart: every point’s nearest neighbour in 2-D is from its cluster', () => {
  const g = new Generator(5);
  const centres = [
    [0, 0, 0, 0, 0],
    [8, 8, 0, 0, 0],
    [0, 0, 8, 8, 8],
  ];
  const data = Array.from({ length: 36 }, (_, i) => centres[i % 3]!.map((c) => c + g.normal())).flat();
  const y = tsne(data, 5, { perplexity: 5, iterations: 500, seed: 1 });
  assert.equal(y.length, 72);
  for (let i = 0; i < 36; i++) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let j = 0; j < 36; j++) {
      const d =
        j === i
          ? Number.POSITIVE_INFINITY
          : (y[2 * i]! - y[2 * j]!) ** 2 + (y[2 * i + 1]! - y[2 * j + 1]!) ** 2;
      if (d < bestD) [best, bestD] = [j, d];
    }
    assert.equal(best % 3, i % 3, `point ${i}`);
  }
  assert.deepEqual(
    tsne(data, 5, { perplexity: 5, iterations: 20, seed: 1 }),
    tsne(data, 5, { perplexity: 5, iterations: 20, seed: 1 }),
  );
});

test('tsne rejects bad input', () => {
  assert.throws(() => tsne([1, 2, 3], 2), ShapeError);
  assert.throws(
    () => tsne([1, 2, 3], 1, { perplexity: 3 }),
    /perplexity must be in \(0, 3\) for 3 points, got 3/,
  );
  assert.throws(() => tsne([1, 2, 3], 1, { perplexity: 1, iterations: -1 }), ValueError);
});
