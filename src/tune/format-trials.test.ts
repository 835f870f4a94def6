import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTrials } from './format-trials.js';
import type { TrialRecord } from './trial.js';

test('formatTrials sorts by the objective and lists failures last with their errors', () => {
  const base = { seed: 1, history: [{}], seconds: 1.25 };
  const records: TrialRecord[] = [
    { ...base, id: 0, config: { lr: 0.001, batch: 64 }, status: 'done', metrics: { valAccuracy: 0.9 } },
    { ...base, id: 1, config: { lr: 0.3, batch: 32 }, status: 'failed', metrics: {}, error: 'NaN loss' },
    { ...base, id: 2, config: { lr: 0.05, batch: 128 }, status: 'pruned', metrics: { valAccuracy: 0.95 } },
  ];
  assert.equal(
    formatTrials(records, { objective: 'valAccuracy' }),
    [
      'rank  trial  status  valAccuracy       lr  batch  epochsRun  seconds',
      '   1      2  pruned         0.95     0.05    128          1      1.3',
      '   2      0    done          0.9  1.00e-3     64          1      1.3',
      '   -      1  failed            -      0.3     32          1      1.3',
      'trial 1 failed: NaN loss',
      '3 trials: 1 done, 1 pruned early, 1 failed',
    ].join('\n'),
  );
});
