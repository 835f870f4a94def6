import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../index.js';
import { diagnose, formatDiagnosis, tacticsFor } from './diagnose.js';

const close = (a: number | undefined, b: number) =>
  assert.ok(a !== undefined && Math.abs(a - b) < 1e-9, `expected ${b}, got ${a}`);

test('the course: human 1%, train 8%, dev 10% → avoidable bias (7 points against 2)', () => {
  const d = diagnose({ humanError: 1, trainError: 8, devError: 10 });
  close(d.gaps['avoidable bias'], 7);
  close(d.gaps.variance, 2);
  assert.equal(d.biggest, 'avoidable bias');
  assert.deepEqual(d.tactics, tacticsFor['avoidable bias']);
  assert.match(d.tactics[0]!, /bigger model/);
});

test('the course: human 7.5%, train 8%, dev 10% → variance (2 points against 0.5)', () => {
  const d = diagnose({ humanError: 7.5, trainError: 8, devError: 10 });
  close(d.gaps['avoidable bias'], 0.5);
  close(d.gaps.variance, 2);
  assert.equal(d.biggest, 'variance');
  assert.match(d.tactics.join(';'), /more training data;regularize/);
});

test('the medical-imaging example: the best human (0.5%) is the proxy for Bayes error', () => {
  // train 0.7%, dev 0.8%: avoidable bias 0.2 beats variance 0.1.
  const d = diagnose({ humanError: 0.5, trainError: 0.7, devError: 0.8 });
  close(d.gaps['avoidable bias'], 0.2);
  close(d.gaps.variance, 0.1);
  assert.equal(d.biggest, 'avoidable bias');
});

test('mismatched distributions: the train-dev set separates variance from data mismatch', () => {
  // Bayes ≈ 0: train 1%, train-dev 9%, dev 10% → variance.
  let d = diagnose({ humanError: 0, trainError: 1, trainDevError: 9, devError: 10 });
  assert.deepEqual(d.gaps, { 'avoidable bias': 1, variance: 8, 'data mismatch': 1 });
  assert.equal(d.biggest, 'variance');
  // train 1%, train-dev 1.5%, dev 10% → data mismatch.
  d = diagnose({ humanError: 0, trainError: 1, trainDevError: 1.5, devError: 10 });
  close(d.gaps['data mismatch'], 8.5);
  assert.equal(d.biggest, 'data mismatch');
  assert.match(d.tactics.join(';'), /error analysis.*;.*artificial data synthesis/);
  // train 10%, train-dev 11%, dev 12% → avoidable bias.
  assert.equal(diagnose({ trainError: 10, trainDevError: 11, devError: 12 }).biggest, 'avoidable bias');
});

test('the speech example: human 4%, train 7%, train-dev 10%, dev 6%, test 6%', () => {
  const d = diagnose({ humanError: 4, trainError: 7, trainDevError: 10, devError: 6, testError: 6 });
  assert.deepEqual(d.gaps, {
    'avoidable bias': 3,
    variance: 3,
    'data mismatch': -4,
    'dev-set overfitting': 0,
  });
  // A tie goes to the first in the course's order.
  assert.equal(d.biggest, 'avoidable bias');
  assert.deepEqual(d.notes, [
    'the dev set is easier than the training distribution (negative data mismatch)',
  ]);
});

test('test error well above dev error: overfitting to the dev set', () => {
  const d = diagnose({ humanError: 1, trainError: 1.5, devError: 2, testError: 6 });
  close(d.gaps['dev-set overfitting'], 4);
  assert.equal(d.biggest, 'dev-set overfitting');
  assert.deepEqual(d.tactics, ['get a bigger dev set']);
});

test('beyond human level nothing is flagged, with a note', () => {
  const d = diagnose({ humanError: 0.5, trainError: 0.3, devError: 0.3 });
  assert.equal(d.biggest, undefined);
  assert.deepEqual(d.tactics, []);
  assert.match(d.notes[0]!, /below human level/);
  assert.match(formatDiagnosis(d), /no gap is positive/);
});

test('formatDiagnosis lists the gaps and the tactics', () => {
  assert.equal(
    formatDiagnosis(diagnose({ humanError: 7.5, trainError: 8, devError: 10 })),
    [
      'avoidable bias              0.5',
      'variance                      2',
      'biggest: variance; try:',
      '  - get more training data',
      '  - regularize: L2, dropout, data augmentation',
      '  - search the architecture and hyperparameters',
    ].join('\n'),
  );
});

test('bad rates fail with a ValueError naming the argument', () => {
  assert.throws(
    () => diagnose({ trainError: 0.1, devError: -1 }),
    new ValueError('diagnose: devError must be a finite error rate ≥ 0, got -1'),
  );
  assert.throws(
    () => diagnose({ trainError: Number.NaN }),
    new ValueError('diagnose: trainError must be a finite error rate ≥ 0, got NaN'),
  );
  assert.throws(
    () => diagnose({} as { trainError: number }),
    new ValueError('diagnose: trainError is required'),
  );
});
