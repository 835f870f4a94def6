import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { accuracy } from './accuracy.js';
import { thresholdCounts } from './binary-scores.js';
import { groupAverage } from './group-average.js';
import { averagePrecision, precisionRecallCurve } from './precision-recall-curve.js';
import { rocAuc, rocCurve } from './roc-curve.js';
import { selectModel } from './select-model.js';
import { weightedError, weightedErrorMetric } from './weighted-error.js';

const i32 = (v: number[]) => tensor(v, { dtype: 'int32' });
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `expected ${b}, got ${a}`);
const allClose = (a: number[], b: number[]) => {
  assert.equal(a.length, b.length, `lengths ${a.length} and ${b.length}`);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) close(a[i]!, b[i]!);
};

// sklearn's example: roc_auc_score 0.75, average_precision_score 0.8333.
const scores = tensor([0.1, 0.4, 0.35, 0.8]);
const labels = i32([0, 0, 1, 1]);

test('rocCurve and rocAuc on the textbook four samples', () => {
  const roc = rocCurve(scores, labels);
  allClose(roc.thresholds, [Infinity, 0.8, 0.4, 0.35, 0.1].map(Math.fround));
  allClose(roc.fpr, [0, 0, 0.5, 0.5, 1]);
  allClose(roc.tpr, [0, 0.5, 0.5, 1, 1]);
  close(rocAuc(scores, labels), 0.75);
  // With posLabel 0 the scores rank the wrong way round: 1 − 0.75.
  close(rocAuc(scores, labels, { posLabel: 0 }), 0.25);
});

test('tied scores are one threshold; AUC counts a tie as one half', () => {
  // Positives score 0.5, 0.9, 0.2; negatives 0.5, 0.2, 0.7. Of the 9 pairs the positive wins
  // 4 (0.9 beats all three, 0.5 beats 0.2) and ties 2 (0.5/0.5, 0.2/0.2): (4 + 1) / 9.
  const s = tensor([0.5, 0.5, 0.2, 0.9, 0.2, 0.7]);
  const y = i32([1, 0, 0, 1, 1, 0]);
  const c = thresholdCounts(s, y, 'test');
  allClose(c.tp, [0, 1, 1, 2, 3]);
  allClose(c.fp, [0, 0, 1, 2, 3]);
  close(rocAuc(s, y), 5 / 9);
  // (threshold, P, R): (0.9, 1, 1/3), (0.7, 1/2, 1/3), (0.5, 1/2, 2/3), (0.2, 1/2, 1).
  // AP = 1/3·1 + 0·1/2 + 1/3·1/2 + 1/3·1/2 = 2/3.
  close(averagePrecision(s, y), 2 / 3);
});

test('precisionRecallCurve and averagePrecision on the textbook four samples', () => {
  const pr = precisionRecallCurve(scores, labels);
  allClose(pr.precision, [1, 1, 0.5, 2 / 3, 0.5]);
  allClose(pr.recall, [0, 0.5, 0.5, 1, 1]);
  close(averagePrecision(scores, labels), 5 / 6); // 0.5·1 + 0.5·(2/3)
  // One-column scores are accepted.
  close(averagePrecision(tensor([[0.1], [0.4], [0.35], [0.8]]), labels), 5 / 6);
});

test('curves refuse a target without both classes, and mismatched shapes', () => {
  assert.throws(
    () => rocAuc(tensor([0.2, 0.3]), i32([1, 1])),
    new ValueError('rocCurve: the target needs both positives and negatives, got 2 and 0'),
  );
  assert.throws(
    () => averagePrecision(tensor([0.2, 0.3]), i32([0, 0])),
    new ValueError('precisionRecallCurve: the target has no positives, so recall is undefined'),
  );
  assert.throws(
    () => rocCurve(tensor([[0.2, 0.8]]), i32([1])),
    new ShapeError('rocCurve: scores must hold one score per target, got [1, 2] for target [1]'),
  );
  assert.throws(() => rocCurve(tensor([Number.NaN, 1]), i32([0, 1])), /rocCurve: scores must not be NaN/);
});

test('weightedError: the course’s 10× weight on unacceptable mistakes', () => {
  const pred = i32([0, 0, 1, 1]);
  const target = i32([0, 1, 0, 1]);
  close(weightedError(pred, target, [1, 1, 1, 1]), 0.5); // plain error
  close(weightedError(pred, target, [1, 10, 1, 1]), 11 / 13);
  close(weightedError(pred, target, tensor([1, 0, 0, 1])), 0); // weight 0 drops a sample
  // Scores are argmaxed first: predictions [1, 0] against [1, 1]; sample 1 (weight 2) is wrong.
  close(
    weightedError(
      tensor([
        [0, 1],
        [1, 0],
      ]),
      i32([1, 1]),
      [1, 2],
    ),
    2 / 3,
  );
  const metric = weightedErrorMetric((truth, guess) => (truth === 2 && guess !== 2 ? 10 : 1));
  close(metric(i32([0, 2, 1]), i32([2, 2, 1])), 10 / 12);
  assert.throws(
    () => weightedError(pred, target, [1, 1]),
    new ValueError('weightedError: weights has 2 values for 4 targets'),
  );
  assert.throws(
    () => weightedError(pred, target, [1, -1, 1, 1]),
    new ValueError('weightedError: weights[1] must be a finite number ≥ 0, got -1'),
  );
  assert.throws(() => weightedError(pred, target, [0, 0, 0, 0]), /weights sum to 0/);
});

test('groupAverage: each region counts the same whatever its size', () => {
  // us: 3 samples, 3 right; china: 1 sample, wrong. Pooled accuracy 3/4, group mean 1/2.
  const pred = i32([1, 0, 1, 1]);
  const target = i32([1, 0, 1, 0]);
  const g = groupAverage(accuracy, pred, target, ['us', 'us', 'us', 'china']);
  assert.deepEqual(g.byGroup, { us: 1, china: 0 });
  close(g.mean, 0.5);
  // Scores [n, C] are sliced along the first axis.
  const s = groupAverage(
    accuracy,
    tensor([
      [0, 1],
      [1, 0],
      [0, 1],
    ]),
    i32([1, 1, 1]),
    [0, 1, 1],
  );
  assert.deepEqual(s.byGroup, { 0: 1, 1: 0.5 });
  assert.throws(
    () => groupAverage(accuracy, pred, target, ['a']),
    new ValueError('groupAverage: groups (1), pred (4) and target (4) must have one entry per sample'),
  );
});

test('selectModel: maximize accuracy subject to latency ≤ 100 ms (the course’s A, B, C)', () => {
  const a = { name: 'A', accuracy: 0.9, latencyMs: 80 };
  const b = { name: 'B', accuracy: 0.92, latencyMs: 95 };
  const c = { name: 'C', accuracy: 0.95, latencyMs: 1500 };
  const sel = selectModel([a, b, c], { optimize: 'accuracy', satisfy: { latencyMs: (v) => v <= 100 } });
  assert.equal(sel.best, b);
  assert.deepEqual(sel.ranked, [b, a]);
  assert.deepEqual(sel.rejected, [{ candidate: c, failed: ['latencyMs'] }]);
  // Without constraints C wins; minimizing latency picks A.
  assert.equal(selectModel([a, b, c], { optimize: 'accuracy' }).best, c);
  assert.equal(selectModel([a, b, c], { optimize: 'latencyMs', mode: 'min' }).best, a);
  // Nothing satisfies: no best.
  assert.equal(
    selectModel([c], { optimize: 'accuracy', satisfy: { latencyMs: (v) => v < 1 } }).best,
    undefined,
  );
  assert.throws(
    () => selectModel([{ accuracy: 0.9 }], { optimize: 'accuracy', satisfy: { latencyMs: (v) => v < 1 } }),
    new ValueError('selectModel: candidates[0].latencyMs must be a number, got undefined'),
  );
});
