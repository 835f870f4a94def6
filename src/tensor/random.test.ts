import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bernoulli, rand, randint, randn, randperm } from './creation.js';
import { Generator } from './random.js';

const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, v) => s + v, 0) / xs.length;

test('the same seed gives the same stream; different seeds differ', () => {
  const a = new Generator(42);
  const b = new Generator(42);
  const c = new Generator(43);
  const draw = (g: Generator) => Array.from({ length: 5 }, () => g.uniform());
  const first = draw(a);
  assert.deepEqual(first, draw(b));
  assert.notDeepEqual(first, draw(c));
});

test('getState/setState replays the stream, including a pending normal', () => {
  const g = new Generator(7);
  g.normal(); // leaves the second Box–Muller value pending
  const state = g.getState();
  const next = [g.normal(), g.uniform(), g.normal()];
  g.setState(state);
  assert.deepEqual([g.normal(), g.uniform(), g.normal()], next);
  assert.throws(() => g.setState([1, 2]), /Generator.setState: expected 4 uint32 words/);
});

test('rand has mean ≈ 1/2 and randn mean ≈ 0, std ≈ 1 over 10,000 samples', () => {
  // Standard errors: 1/√(12·10⁴) ≈ 0.003 for rand, 0.01 for randn's mean; 5σ bounds.
  const generator = new Generator(1);
  const u = rand([10_000], { generator }).data();
  assert.ok(Math.abs(mean(u) - 0.5) < 0.015, `rand mean ${mean(u)}`);
  assert.ok(Array.from(u).every((v) => v >= 0 && v < 1));
  const n = randn([10_000], { generator }).data();
  const m = mean(n);
  const std = Math.sqrt(mean(Array.from(n, (v) => (v - m) ** 2)));
  assert.ok(Math.abs(m) < 0.05, `randn mean ${m}`);
  assert.ok(Math.abs(std - 1) < 0.05, `randn std ${std}`);
});

test('randint stays in [low, high), randperm is a permutation, bernoulli hits p', () => {
  const generator = new Generator(3);
  const r = Array.from(randint(-2, 3, [1000], { generator }).data());
  assert.ok(r.every((v) => Number.isInteger(v) && v >= -2 && v < 3));
  assert.deepEqual([...new Set(r)].sort(), [-1, -2, 0, 1, 2].sort()); // every value shows up
  const p = Array.from(randperm(10, { generator }).data());
  assert.deepEqual(
    [...p].sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  // 10,000 draws at p = 0.3: σ = √(0.3·0.7/10⁴) ≈ 0.0046.
  const b = bernoulli(0.3, [10_000], { generator }).data();
  assert.ok(Math.abs(mean(b) - 0.3) < 0.025, `bernoulli frequency ${mean(b)}`);
});
