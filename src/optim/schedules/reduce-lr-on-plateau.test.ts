import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../../tensor/creation.js';
import { expectClose } from '../../testing/expect-close.js';
import { SGD } from '../sgd.js';
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';

// The lr after each step(metric); expected values from PyTorch 1.13's ReduceLROnPlateau.
function lrs(metrics: number[], options: ReduceLROnPlateauOptions): number[] {
  const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
  const sched = new ReduceLROnPlateau(opt, options);
  return metrics.map((m) => {
    sched.step(m);
    return sched.getLastLr()[0]!;
  });
}

const metrics = [1.0, 0.9, 0.9, 0.9, 0.95, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8];

test("mode 'min', relative threshold: halves after more than `patience` bad epochs", () => {
  expectClose(
    lrs(metrics, { factor: 0.5, patience: 1 }),
    [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625],
  );
});

test("absolute threshold, cooldown and minLr (PyTorch 1.13's numbers)", () => {
  // 0.9 is not 0.15 better than 1.0, so the first cut comes at epoch 3; cooldown 2 then hides
  // two bad epochs; minLr 0.2 stops the last cut at 0.2.
  const got = lrs(metrics, {
    factor: 0.5,
    patience: 1,
    threshold: 0.15,
    thresholdMode: 'abs',
    cooldown: 2,
    minLr: 0.2,
  });
  expectClose(got, [1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2]);
});

test("mode 'max': 0.604 is not 1% better than 0.6", () => {
  const got = lrs([0.5, 0.6, 0.6, 0.6, 0.604, 0.7, 0.7, 0.7], {
    mode: 'max',
    factor: 0.1,
    patience: 2,
    threshold: 0.01,
  });
  expectClose(got, [1, 1, 1, 1, 0.1, 0.1, 0.1, 0.1]);
});

test('stateDict / loadStateDict resume the counters', () => {
  const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
  const a = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 1 });
  for (const m of [1, 0.9, 0.9]) a.step(m);
  const saved = a.stateDict();
  assert.deepEqual(saved, { best: 0.9, numBadEpochs: 1, cooldownCounter: 0, lastEpoch: 3 });
  const b = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 1 });
  b.loadStateDict(JSON.parse(JSON.stringify(saved)));
  b.step(0.9);
  assert.equal(opt.paramGroups[0]!.lr, 0.5);
  assert.throws(() => b.loadStateDict({ ...saved, numBadEpochs: -1 }), {
    name: 'ValueError',
    message: 'ReduceLROnPlateau: numBadEpochs must be an integer ≥ 0, got -1',
  });
});

test('bad options are ValueErrors naming the argument', () => {
  const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
  const bad = (options: object, message: string) =>
    assert.throws(() => new ReduceLROnPlateau(opt, options as ReduceLROnPlateauOptions), {
      name: 'ValueError',
      message,
    });
  bad({ factor: 1 }, 'ReduceLROnPlateau: factor must be in [0, 1), got 1');
  bad({ mode: 'up' }, `ReduceLROnPlateau: mode must be 'min' or 'max', got "up"`);
  bad({ thresholdMode: 'x' }, `ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got "x"`);
  bad({ patience: 1.5 }, 'ReduceLROnPlateau: patience must be an integer ≥ 0, got 1.5');
  bad({ minLr: [0, 0] }, 'ReduceLROnPlateau: minLr must hold one lr per parameter group (1), got 2');
  assert.throws(() => new ReduceLROnPlateau(opt).step(Number.NaN), {
    message: 'ReduceLROnPlateau.step: metric must be a number, got NaN',
  });
});
