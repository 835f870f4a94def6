import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, ValueError } from '../index.js';
import {
  choice,
  conditional,
  gridConfigs,
  intUniform,
  logUniform,
  oneMinusLogUniform,
  sampleConfig,
  uniform,
  zoomSpace,
} from './space.js';

const close = (a: unknown, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(Number(a) - b) <= tol * Math.max(1, Math.abs(b)), `expected ${b}, got ${a}`);

test('logUniform draws r uniform in [log₁₀ a, log₁₀ b] and returns 10^r', () => {
  const u = new Generator(5).uniform();
  close(logUniform(1e-4, 1).sample(new Generator(5)), 10 ** (-4 + 4 * u));
  // Each of the four decades gets about a quarter of 4,000 draws.
  const g = new Generator(0);
  const decades = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++)
    decades[Math.floor(-Math.log10(Number(logUniform(1e-4, 1).sample(g))))]! += 1;
  for (const d of decades) assert.ok(d > 900 && d < 1100, `decade counts ${decades}`);
});

test('oneMinusLogUniform covers β 0.9…0.99 and 0.99…0.999 evenly', () => {
  const u = new Generator(3).uniform();
  // 1 − β = 10^r with r uniform in [−3, −1].
  close(oneMinusLogUniform(0.9, 0.999).sample(new Generator(3)), 1 - 10 ** (-3 + 2 * u));
  const g = new Generator(1);
  let below = 0;
  for (let i = 0; i < 2000; i++) if (Number(oneMinusLogUniform(0.9, 0.999).sample(g)) < 0.99) below++;
  assert.ok(below > 900 && below < 1100, `${below} of 2000 below 0.99`);
});

test('uniform, intUniform (ends as likely as the middle) and choice', () => {
  const u = new Generator(9).uniform();
  close(uniform(0, 0.5).sample(new Generator(9)), 0.5 * u);
  const g = new Generator(2);
  const counts = new Map<number, number>();
  for (let i = 0; i < 3000; i++) {
    const v = Number(intUniform(1, 3).sample(g));
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort(), [1, 2, 3]);
  for (const c of counts.values()) assert.ok(c > 900 && c < 1100, `counts ${[...counts.values()]}`);
  const w = Number(intUniform(32, 1024, { log: true }).sample(new Generator(4)));
  assert.ok(Number.isInteger(w) && w >= 32 && w <= 1024);
  assert.equal(choice(['sgd', 'adam']).sample(new Generator(0)), ['sgd', 'adam'][new Generator(0).below(2)]);
});

test('sampleConfig is reproducible and skips a conditional whose condition fails', () => {
  const space = {
    optimizer: choice(['sgd', 'adam']),
    momentum: conditional((c) => c.optimizer === 'sgd', oneMinusLogUniform(0.8, 0.99)),
    lr: logUniform(1e-4, 1e-1),
  };
  const a = sampleConfig(space, new Generator(7));
  assert.deepEqual(sampleConfig(space, new Generator(7)), a);
  const g = new Generator(0);
  const configs = Array.from({ length: 40 }, () => sampleConfig(space, g));
  for (const c of configs) assert.equal('momentum' in c, c.optimizer === 'sgd');
  assert.ok(configs.some((c) => c.optimizer === 'sgd') && configs.some((c) => c.optimizer === 'adam'));
});

test('gridConfigs: points per axis on each scale, all choices, conditionals where they apply', () => {
  assert.deepEqual(gridConfigs({ lr: logUniform(1e-3, 1e-1), layers: intUniform(1, 2) }, 3), [
    { lr: 0.001, layers: 1 },
    { lr: 0.001, layers: 2 },
    { lr: 0.01, layers: 1 },
    { lr: 0.01, layers: 2 },
    { lr: 0.1, layers: 1 },
    { lr: 0.1, layers: 2 },
  ]);
  const space = { opt: choice(['sgd', 'adam']), m: conditional((c) => c.opt === 'sgd', uniform(0, 1)) };
  assert.deepEqual(gridConfigs(space, 2), [{ opt: 'sgd', m: 0 }, { opt: 'sgd', m: 1 }, { opt: 'adam' }]);
  const betas = oneMinusLogUniform(0.9, 0.999).grid(3);
  close(betas[0], 0.9);
  close(betas[1], 0.99);
  close(betas[2], 0.999);
  assert.throws(
    () => gridConfigs(space, 0),
    new ValueError('gridConfigs: points must be a positive integer, got 0'),
  );
});

test('zoomSpace narrows each dimension around the kept configs on its own scale', () => {
  // log₁₀ lr of the kept: −3 and −2; range 1, margin ¼: [−3.25, −1.75].
  const z = zoomSpace({ lr: logUniform(1e-5, 1), n: intUniform(1, 100), opt: choice(['a', 'b', 'c']) }, [
    { lr: 1e-3, n: 40, opt: 'a' },
    { lr: 1e-2, n: 60, opt: 'c' },
  ]);
  const [lo, hi] = z.lr!.grid(2);
  close(lo, 10 ** -3.25);
  close(hi, 10 ** -1.75);
  // n: [40, 60] ± 5 → [35, 65].
  assert.equal(z.n!.description, 'intUniform(35, 65)');
  assert.equal(z.opt!.description, 'choice("a", "c")');
  // A single kept point gets a window of 5% of the range times the margin, clipped at the edge.
  const one = zoomSpace({ x: uniform(0, 1) }, [{ x: 1 }], 1).x!.grid(2);
  close(one[0], 0.95);
  close(one[1], 1);
  // 1 − β zooms on the log scale: kept 0.99 alone → 1 − β ∈ 10^[−2 − 0.1, −2 + 0.1].
  const beta = zoomSpace({ b: oneMinusLogUniform(0.9, 0.999) }, [{ b: 0.99 }], 1).b!.grid(2);
  close(beta[0], 1 - 10 ** -1.9);
  close(beta[1], 1 - 10 ** -2.1);
  assert.throws(() => zoomSpace({ x: uniform(0, 1) }, []), /expected at least one config/);
});

test('bad ranges fail with a ValueError naming the dimension', () => {
  assert.throws(
    () => logUniform(0, 1),
    new ValueError('logUniform: expected positive bounds with low ≤ high, got (0, 1)'),
  );
  assert.throws(() => oneMinusLogUniform(0.9, 1), /oneMinusLogUniform: expected bounds below 1/);
  assert.throws(() => intUniform(1.5, 3), /intUniform: expected integer bounds/);
  assert.throws(() => uniform(2, 1), /uniform: expected finite bounds with low ≤ high, got \(2, 1\)/);
  assert.throws(() => choice([]), new ValueError('choice: expected at least one value'));
});
