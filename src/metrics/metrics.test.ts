import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { accuracy, topKAccuracy } from './accuracy.js';
import { confusionMatrix } from './confusion-matrix.js';
import { type Average, f1Score, fbetaScore, precision, recall } from './fbeta-score.js';

const i32 = (v: number[]) => tensor(v, { dtype: 'int32' });
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `expected ${b}, got ${a}`);

// Three classes: target [0, 0, 1, 1, 2, 2], pred [0, 1, 1, 1, 2, 0].
// class 0: TP 1, FP 1, FN 1 → P 1/2, R 1/2, F 1/2
// class 1: TP 2, FP 1, FN 0 → P 2/3, R 1,   F 0.8
// class 2: TP 1, FP 0, FN 1 → P 1,   R 1/2, F 2/3
const target = i32([0, 0, 1, 1, 2, 2]);
const pred = i32([0, 1, 1, 1, 2, 0]);

test('accuracy: argmax over the last axis, or a threshold for one column', () => {
  // argmaxes [0, 1, 0] against [0, 1, 1]: 2 of 3.
  close(
    accuracy(
      tensor([
        [2, 1],
        [0, 3],
        [5, 4],
      ]),
      i32([0, 1, 1]),
    ),
    2 / 3,
  );
  // probabilities ≥ 0.5 → [1, 0, 1] against [1, 1, 1]: 2 of 3.
  close(accuracy(tensor([[0.9], [0.2], [0.5]]), tensor([[1], [1], [1]])), 2 / 3);
  // logits with threshold 0: [1, 0] against [1, 0].
  close(accuracy(tensor([0.3, -2]), tensor([1, 0]), { threshold: 0 }), 1);
  close(accuracy(pred, target), 4 / 6);
  assert.throws(
    () => accuracy(tensor([[1, 2]]), i32([0, 1])),
    new ShapeError(
      'accuracy: pred has shape [1, 2], which does not give one prediction per target of shape [2]',
    ),
  );
  assert.throws(() => accuracy(tensor([1]), tensor([0.5])), /target must hold class labels, got 0.5/);
});

test('topKAccuracy counts the target among the k best', () => {
  const logits = tensor([
    [0.1, 0.5, 0.4],
    [0.6, 0.3, 0.1],
  ]);
  // row 0: class 2 is 2nd best; row 1: class 2 is 3rd.
  close(topKAccuracy(logits, i32([2, 2]), 1), 0);
  close(topKAccuracy(logits, i32([2, 2]), 2), 0.5);
  close(topKAccuracy(logits, i32([2, 2]), 3), 1);
  assert.throws(
    () => topKAccuracy(logits, i32([2, 2]), 0),
    new ValueError('topKAccuracy: k must be a positive integer, got 0'),
  );
});

test('confusionMatrix: rows are the true classes', () => {
  const m = confusionMatrix(pred, target, 3);
  assert.equal(m.dtype, 'int32');
  assert.deepEqual(m.toArray(), [
    [1, 1, 0],
    [0, 2, 0],
    [1, 0, 1],
  ]);
  // scores are argmaxed first
  assert.deepEqual(confusionMatrix(tensor([[0.2, 0.8]]), i32([0]), 2).toArray(), [
    [0, 1],
    [0, 0],
  ]);
  assert.throws(
    () => confusionMatrix(pred, target, 2),
    new ValueError('confusionMatrix: label 2 is out of range for 2 classes'),
  );
});

test('binary precision, recall, F1 and F-beta', () => {
  // pred [1, 1, 0, 1], target [1, 0, 0, 1]: TP 2, FP 1, FN 0.
  const p = i32([1, 1, 0, 1]);
  const t = i32([1, 0, 0, 1]);
  close(precision(p, t), 2 / 3);
  close(recall(p, t), 1);
  close(f1Score(p, t), 0.8); // 2 · (2/3) · 1 / (2/3 + 1)
  close(fbetaScore(p, t, 2), 10 / 11); // 5 · (2/3) / (4 · 2/3 + 1)
  close(fbetaScore(p, t, 0.5), (1.25 * (2 / 3)) / (0.25 * (2 / 3) + 1)); // 5/7
  close(precision(p, t, { posLabel: 0 }), 1); // class 0: TP 1, FP 0
  close(recall(p, t, { posLabel: 0 }), 0.5); // class 0: TP 1, FN 1
  // probabilities are thresholded at 0.5
  close(precision(tensor([0.9, 0.7, 0.1, 0.6]), t), 2 / 3);
});

test('zero division gives 0, as sklearn', () => {
  const none = i32([0, 0]);
  const t = i32([1, 0]);
  assert.equal(precision(none, t), 0);
  assert.equal(recall(none, t), 0);
  assert.equal(f1Score(none, t), 0);
  assert.equal(recall(i32([1, 0]), i32([0, 0])), 0);
});

test('macro and micro averages on three classes', () => {
  close(precision(pred, target, { average: 'macro' }), 13 / 18); // (1/2 + 2/3 + 1) / 3
  close(recall(pred, target, { average: 'macro' }), 2 / 3); // (1/2 + 1 + 1/2) / 3
  close(f1Score(pred, target, { average: 'macro' }), 59 / 90); // (1/2 + 4/5 + 2/3) / 3
  // micro pools TP 4, FP 2, FN 2: everything equals the accuracy 4/6.
  for (const fn of [precision, recall, f1Score]) close(fn(pred, target, { average: 'micro' }), 2 / 3);
  // numClasses 4 adds an empty class 3 whose P = R = F = 0: the macro mean shrinks by 3/4.
  close(precision(pred, target, { average: 'macro', numClasses: 4 }), (13 / 18) * 0.75);
  assert.throws(
    () => precision(pred, target, { average: 'samples' as Average }),
    new ValueError(`precision: average must be 'binary', 'macro', 'micro' or 'weighted', got "samples"`),
  );
  assert.throws(() => fbetaScore(pred, target, 0), /beta must be positive/);
});

test('weighted averages weight each class by its support', () => {
  // Supports 2, 2, 2 are equal here, so weighted = macro.
  close(f1Score(pred, target, { average: 'weighted' }), 59 / 90);
  // target [0, 0, 0, 1], pred [0, 0, 1, 1]: class 0 P 1, R 2/3, F 0.8, support 3;
  // class 1 P 1/2, R 1, F 2/3, support 1. Weighted F1 = (3·0.8 + 2/3) / 4 = 23/30; macro 11/15.
  const t = i32([0, 0, 0, 1]);
  const p = i32([0, 0, 1, 1]);
  close(f1Score(p, t, { average: 'weighted' }), 23 / 30);
  close(f1Score(p, t, { average: 'macro' }), 11 / 15);
  close(precision(p, t, { average: 'weighted' }), (3 * 1 + 0.5) / 4);
  close(recall(p, t, { average: 'weighted' }), 3 / 4); // weighted recall is the accuracy
  close(
    fbetaScore(p, t, 2, { average: 'weighted' }),
    ((3 * (5 * (2 / 3))) / (4 + 2 / 3) + (5 * 0.5) / (2 + 1)) / 4,
  );
});

test('a prediction with a NaN score is never counted correct', () => {
  const int = { dtype: 'int32' } as const;
  // argmax treats NaN as the maximum; a metric must not pick a class past it.
  assert.equal(accuracy(tensor([[1, Number.NaN, 5]]), tensor([2], int)), 0);
  assert.equal(
    accuracy(
      tensor([
        [1, 2, 5],
        [Number.NaN, 0, 0],
      ]),
      tensor([2, 0], int),
    ),
    0.5,
  );
  assert.equal(accuracy(tensor([Number.NaN, 0.2]), tensor([0, 0])), 0.5);
  assert.equal(topKAccuracy(tensor([[Number.NaN, 1, 5]]), tensor([2], int), 2), 0);
});

test('confusionMatrix names a prediction with a NaN score instead of filing it under a class', () => {
  const int = { dtype: 'int32' } as const;
  assert.throws(
    () =>
      confusionMatrix(
        tensor([
          [0.1, 0.9],
          [Number.NaN, 0],
        ]),
        tensor([1, 0], int),
        2,
      ),
    /confusionMatrix: prediction 1 has a NaN score/,
  );
});
