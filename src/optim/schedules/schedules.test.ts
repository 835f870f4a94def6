import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../../tensor/creation.js';
import { expectClose } from '../../testing/expect-close.js';
import { SGD } from '../sgd.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { ExponentialDecay } from './exponential-decay.js';
import { InverseSqrtDecay } from './inverse-sqrt-decay.js';
import { InverseTimeDecay } from './inverse-time-decay.js';
import { LambdaLR } from './lambda-lr.js';
import { LinearWarmup } from './linear-warmup.js';
import type { LRScheduler } from './lr-scheduler.js';
import { StepLR } from './step-lr.js';

const sgd = (lr: number): SGD => new SGD([tensor([1], { requiresGrad: true })], { lr });

/** The lr of group 0 after 0, 1, ..., steps − 1 calls to step(); checks getLastLr agrees. */
function lrs(sched: LRScheduler, steps: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    if (i > 0) sched.step();
    const lr = sched.optimizer.paramGroups[0]!.lr;
    assert.deepEqual(sched.getLastLr(), [lr]);
    out.push(lr);
  }
  return out;
}

test("InverseTimeDecay: the course's table α₀ = 0.2, decayRate = 1 → 0.2, 0.1, 0.0667, 0.05, 0.04", () => {
  // α = 0.2/(1 + epoch): 0.2/1, 0.2/2, 0.2/3, 0.2/4, 0.2/5
  expectClose(lrs(new InverseTimeDecay(sgd(0.2), 1), 5), [0.2, 0.1, 0.2 / 3, 0.05, 0.04], { rtol: 1e-12 });
});

test('ExponentialDecay: α = 0.95^epoch · α₀', () => {
  // α₀ = 0.2: 0.2, 0.19, 0.1805, 0.171475
  expectClose(lrs(new ExponentialDecay(sgd(0.2), 0.95), 4), [0.2, 0.19, 0.1805, 0.171475], { rtol: 1e-12 });
});

test('InverseSqrtDecay: α = k/√epoch · α₀ (t = 1 before the first step)', () => {
  // k = 2, α₀ = 0.1: 0.2/√1, 0.2/√1, 0.2/√2 = 0.141421, 0.2/√3 = 0.115470, 0.2/√4 = 0.1
  expectClose(lrs(new InverseSqrtDecay(sgd(0.1), 2), 5), [0.2, 0.2, 0.1414213562, 0.1154700538, 0.1], {
    rtol: 1e-9,
  });
});

test('StepLR: α₀ · gamma^⌊epoch/stepSize⌋', () => {
  // stepSize 2, gamma 0.5, α₀ = 1: 1, 1, 0.5, 0.5, 0.25
  expectClose(lrs(new StepLR(sgd(1), 2, 0.5), 5), [1, 1, 0.5, 0.5, 0.25]);
});

test('CosineAnnealingLR: etaMin + (α₀ − etaMin)(1 + cos(π·epoch/tMax))/2', () => {
  // tMax 4, α₀ 1, etaMin 0.2: cos(0, π/4, π/2, 3π/4, π) = 1, 0.707107, 0, −0.707107, −1
  // → 1, 0.2 + 0.8·0.853553 = 0.882843, 0.6, 0.317157, 0.2
  expectClose(lrs(new CosineAnnealingLR(sgd(1), 4, 0.2), 5), [1, 0.8828427125, 0.6, 0.3171572875, 0.2], {
    rtol: 1e-9,
  });
});

test('LambdaLR: α₀ · fn(epoch)', () => {
  expectClose(lrs(new LambdaLR(sgd(0.5), (e) => 1 / (e + 1)), 3), [0.5, 0.25, 0.5 / 3]);
});

test('LinearWarmup alone ramps to α₀ and stays there', () => {
  // warmupSteps 4, α₀ 0.4: 0.1, 0.2, 0.3, 0.4, 0.4
  expectClose(lrs(new LinearWarmup(sgd(0.4), 4), 5), [0.1, 0.2, 0.3, 0.4, 0.4], { rtol: 1e-12 });
});

test('LinearWarmup then StepLR: the ramp reaches the StepLR start, which then takes over', () => {
  // warmup 2 over StepLR(1, 0.5), α₀ 1: 0.5, 1 (StepLR epoch 0), 0.5 (epoch 1), 0.25 (epoch 2)
  const opt = sgd(1);
  const sched = new LinearWarmup(opt, 2, new StepLR(opt, 1, 0.5));
  expectClose(lrs(sched, 4), [0.5, 1, 0.5, 0.25]);
});

test('schedules share the base lr (initialLr) and set every group', () => {
  const opt = new SGD(
    [
      { params: [tensor([1], { requiresGrad: true })] },
      { params: [tensor([2], { requiresGrad: true })], lr: 1 },
    ],
    {
      lr: 0.1,
    },
  );
  const sched = new StepLR(opt, 1, 0.5);
  sched.step();
  assert.deepEqual(sched.getLastLr(), [0.05, 0.5]);
  assert.deepEqual(
    opt.paramGroups.map((g) => g.initialLr),
    [0.1, 1],
  );
  assert.deepEqual(new ExponentialDecay(opt, 0.5).baseLrs, [0.1, 1]);
});

test('scheduler stateDict / loadStateDict resumes the sequence', () => {
  const a = new CosineAnnealingLR(sgd(1), 10);
  for (let i = 0; i < 3; i++) a.step();
  const saved = a.stateDict();
  assert.deepEqual(saved, { lastEpoch: 3, baseLrs: [1] });
  const b = new CosineAnnealingLR(sgd(1), 10);
  b.loadStateDict(saved);
  a.step();
  b.step();
  assert.deepEqual(b.getLastLr(), a.getLastLr());
  assert.equal(b.optimizer.paramGroups[0]!.lr, a.optimizer.paramGroups[0]!.lr);
  assert.throws(
    () => b.loadStateDict({ lastEpoch: 1.5, baseLrs: [1] }),
    /CosineAnnealingLR.loadStateDict: lastEpoch must be an integer ≥ 0, got 1.5/,
  );
  assert.throws(
    () => b.loadStateDict({ lastEpoch: 1, baseLrs: [1, 2] }),
    /baseLrs must hold one lr per parameter group \(1\)/,
  );
});

test('schedules reject bad arguments, naming the schedule and the argument', () => {
  const opt = sgd(0.1);
  assert.throws(() => new StepLR(opt, 0), {
    name: 'ValueError',
    message: 'StepLR: stepSize must be a positive integer, got 0',
  });
  assert.throws(() => new StepLR(opt, 2, -1), /StepLR: gamma must be a finite number ≥ 0, got -1/);
  assert.throws(() => new InverseTimeDecay(opt, -1), /InverseTimeDecay: decayRate must be/);
  assert.throws(() => new ExponentialDecay(opt, 1.5), /ExponentialDecay: base must be in \(0, 1\], got 1.5/);
  assert.throws(() => new CosineAnnealingLR(opt, 0), /CosineAnnealingLR: tMax must be a positive integer/);
  assert.throws(
    () => new LinearWarmup(opt, 2.5),
    /LinearWarmup: warmupSteps must be a positive integer, got 2.5/,
  );
  assert.throws(
    () => new LinearWarmup(opt, 2, new StepLR(sgd(1), 1)),
    /LinearWarmup: then must schedule the same optimizer/,
  );
  assert.throws(
    () => new LambdaLR(opt, (e) => (e === 0 ? 1 : Number.NaN)).step(),
    /LambdaLR: the schedule gave lr NaN at epoch 1/,
  );
});
