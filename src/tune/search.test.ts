import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../index.js';
import { Asha } from './asha.js';
import { inProcess } from './in-process.js';
import { choice, logUniform, uniform } from './space.js';
import { coarseToFine, gridSearch, jobsFor, randomSearch } from './strategies.js';
import { modeOf, rankTrials, type TrialFn } from './trial.js';

// A smooth objective with its peak at lr = 10⁻³: score = −(log₁₀ lr + 3)².
const peak: TrialFn = (c) => ({ score: -((Math.log10(Number(c.lr)) + 3) ** 2) });

test('modeOf: losses and errors are minimized, anything else maximized', () => {
  assert.equal(modeOf({ objective: 'valLoss' }), 'min');
  assert.equal(modeOf({ objective: 'devError' }), 'min');
  assert.equal(modeOf({ objective: 'valAccuracy' }), 'max');
  assert.equal(modeOf({ objective: 'valLoss', mode: 'max' }), 'max');
});

test('randomSearch is reproducible, records every trial and ranks by the objective', async () => {
  const seen: number[] = [];
  const space = { lr: logUniform(1e-5, 1), batch: choice([32, 64]) };
  const run = await randomSearch(space, inProcess(peak), {
    trials: 12,
    objective: 'score',
    seed: 4,
    onRecord: (r) => seen.push(r.id),
  });
  assert.deepEqual(seen, [...Array(12).keys()]);
  assert.equal(run.trials.length, 12);
  const again = await randomSearch(space, inProcess(peak), { trials: 12, objective: 'score', seed: 4 });
  assert.deepEqual(
    again.trials.map((t) => [t.seed, t.config]),
    run.trials.map((t) => [t.seed, t.config]),
  );
  // The best is the config whose lr is closest to 10⁻³ on the log scale.
  const distance = (lr: unknown) => Math.abs(Math.log10(Number(lr)) + 3);
  const closest = Math.min(...run.trials.map((t) => distance(t.config.lr)));
  assert.equal(distance(run.best!.config.lr), closest);
  assert.deepEqual(
    run.ranked.map((t) => t.metrics.score),
    run.trials.map((t) => t.metrics.score!).sort((a, b) => b - a),
  );
});

test('a trial that throws is recorded as failed and the search goes on', async () => {
  const flaky: TrialFn = (c) => {
    if (Number(c.x) > 0.5) throw new ValueError('diverged');
    return { score: Number(c.x) };
  };
  const run = await gridSearch({ x: uniform(0, 1) }, inProcess(flaky), { points: 5, objective: 'score' });
  assert.deepEqual(
    run.trials.map((t) => t.status),
    ['done', 'done', 'done', 'failed', 'failed'],
  );
  assert.equal(run.trials[3]!.error, 'ValueError: diverged');
  assert.equal(run.best!.config.x, 0.5);
  assert.equal(rankTrials(run.trials, { objective: 'score' }).length, 3);
});

test('gridSearch tries every combination', async () => {
  const run = await gridSearch(
    { lr: logUniform(1e-4, 1e-2), opt: choice(['sgd', 'adam']) },
    inProcess(peak),
    {
      points: 3,
      objective: 'score',
    },
  );
  assert.equal(run.trials.length, 6);
  assert.equal(run.best!.config.lr, 0.001);
  assert.equal(run.best!.metrics.score, -0);
});

test('coarseToFine zooms in on the peak round after round', async () => {
  const run = await coarseToFine({ lr: logUniform(1e-6, 1) }, inProcess(peak), {
    rounds: 3,
    trialsPerRound: 8,
    objective: 'score',
    seed: 1,
  });
  assert.equal(run.trials.length, 24);
  assert.equal(run.spaces.length, 3);
  const widths = run.spaces.map((s) => {
    const [lo, hi] = s.lr!.grid(2);
    return Math.log10(Number(hi)) - Math.log10(Number(lo));
  });
  assert.ok(widths[1]! < widths[0]! && widths[2]! < widths[1]!, `widths ${widths}`);
  // Every round's space still holds the peak, and the best trial ends within 0.1 decade of it.
  for (const s of run.spaces) {
    const [lo, hi] = s.lr!.grid(2);
    assert.ok(Number(lo) <= 1e-3 && Number(hi) >= 1e-3, `${s.lr!.description}`);
  }
  assert.ok(run.best!.metrics.score! > -0.01, `best score ${run.best!.metrics.score}`);
  // The best of the fine rounds beats the best of the coarse one.
  const coarseBest = Math.max(...run.trials.slice(0, 8).map((t) => t.metrics.score!));
  assert.ok(run.best!.metrics.score! >= coarseBest);
});

test('Asha: rungs at minEpochs·ηᵏ, the best ⌊n/η⌋ go on', () => {
  const asha = new Asha({ objective: 'acc', minEpochs: 1, eta: 2 });
  assert.deepEqual(
    [1, 2, 3, 4, 8].map((e) => asha.isRung(e)),
    [true, true, false, true, true],
  );
  // Rung 1 (epoch index 0): the first trial goes on (fewer than η), then each is compared.
  assert.equal(asha.report(0, 0, { acc: 0.5 }), true);
  assert.equal(asha.report(1, 0, { acc: 0.4 }), false); // 1 better of 2: keeps ⌊2/2⌋ = 1
  assert.equal(asha.report(2, 0, { acc: 0.7 }), true); // best of 3
  assert.equal(asha.report(3, 0, { acc: 0.6 }), true); // 1 better of 4: keeps 2
  assert.equal(asha.report(4, 0, { acc: Number.NaN }), false); // NaN is the worst
  assert.equal(asha.report(0, 2, { acc: 0.1 }), true); // epoch 3 is not a rung
  assert.deepEqual(asha.rungs.get(1), [-0.5, -0.4, -0.7, -0.6, Infinity]);
  assert.throws(
    () => new Asha({ objective: 'acc', eta: 1 }),
    new ValueError('Asha: eta must be at least 2, got 1'),
  );
});

test('ASHA stops poor trials early and the search records them as pruned', async () => {
  // Trials "train" 4 epochs; a trial's per-epoch score is its x, so low x are pruned at rung 1.
  const trial: TrialFn = (c, context) => {
    let logs = {};
    for (let epoch = 0; epoch < 4; epoch++) {
      logs = { score: Number(c.x) + epoch / 100 };
      if (!context.report(epoch, logs)) break;
    }
    return logs;
  };
  const asha = new Asha({ objective: 'score', minEpochs: 1, eta: 2 });
  const jobs = jobsFor(
    [0.5, 0.2, 0.9, 0.1].map((x) => ({ x })),
    0,
  );
  const records = await inProcess(trial, asha)(jobs);
  assert.deepEqual(
    records.map((r) => [r.status, r.history.length]),
    [
      ['done', 4],
      ['pruned', 1],
      ['done', 4],
      ['pruned', 1],
    ],
  );
  assert.deepEqual(records[0]!.history[3], { score: 0.53 });
});
