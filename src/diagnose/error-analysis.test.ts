import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Tensor, TensorDataset, tensor, ValueError } from '../index.js';
import { errorAnalysis, formatErrorAnalysis } from './error-analysis.js';
import { errorsToCsv, parseTagsCsv } from './tags-csv.js';

// A "model" whose logits are its inputs, so the predictions are written in the data.
const identity = {
  forward: (x: Tensor) => x,
  parameters: () => [],
  train() {},
  eval() {},
  stateDict: () => ({}),
  loadStateDict() {},
};
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `expected ${b}, got ${a}`);

// Predictions [0, 1, 0, 1, 0, 0] against labels [0, 0, 1, 1, 1, 0]: errors at 1, 2 and 4.
const data = new TensorDataset(
  tensor([
    [2, 0],
    [0, 2],
    [2, 0],
    [0, 1],
    [3, 0],
    [1, 0],
  ]),
  tensor([0, 0, 1, 1, 1, 0], { dtype: 'int32' }),
);

test('errorAnalysis: the errors, tagged by predicates and by hand, and the category table', () => {
  const a = errorAnalysis(identity, data, {
    categories: { strong: (x) => Math.max(...x.data()) >= 3, firstHigh: (x) => x.data()[0]! > 0 },
    tags: new Map([
      [1, ['blurry']],
      [4, ['blurry', 'strong']],
    ]),
    batchSize: 4,
  });
  assert.equal(a.examples, 6);
  close(a.errorRate, 0.5);
  assert.deepEqual(
    a.errors.map((e) => [e.index, e.label, e.predicted, e.tags]),
    [
      [1, 0, 1, ['blurry']],
      [2, 1, 0, ['firstHigh']],
      [4, 1, 0, ['strong', 'firstHigh', 'blurry']],
    ],
  );
  close(a.errors[0]!.confidence, Math.exp(2) / (1 + Math.exp(2))); // softmax of [0, 2]
  close(a.errors[2]!.confidence, Math.exp(3) / (1 + Math.exp(3)));
  assert.deepEqual(a.categories, [
    { category: 'firstHigh', count: 2, shareOfErrors: 2 / 3, errorIfSolved: 1 / 6 },
    { category: 'blurry', count: 2, shareOfErrors: 2 / 3, errorIfSolved: 1 / 6 },
    { category: 'strong', count: 1, shareOfErrors: 1 / 3, errorIfSolved: 2 / 6 },
  ]);
  assert.equal(
    formatErrorAnalysis(a),
    [
      '3 errors in 6 examples (error 50.0%)',
      'category   errors  % of errors  error if solved',
      'firstHigh       2        66.7%            16.7%',
      'blurry          2        66.7%            16.7%',
      'strong          1        33.3%            33.3%',
    ].join('\n'),
  );
});

test('the course: 10% error, dogs 5% of the errors → at best 9.5% by fixing dogs', () => {
  // 200 examples, the first 20 wrong; one of them a dog.
  const x = tensor(Array.from({ length: 200 }, () => [1, 0]));
  const y = tensor(
    Array.from({ length: 200 }, (_, i) => (i < 20 ? 1 : 0)),
    { dtype: 'int32' },
  );
  const a = errorAnalysis(identity, new TensorDataset(x, y), { tags: new Map([[0, ['dog']]]) });
  close(a.errorRate, 0.1);
  assert.deepEqual(a.categories, [{ category: 'dog', count: 1, shareOfErrors: 0.05, errorIfSolved: 0.095 }]);
});

test('errorsToCsv writes the sheet; parseTagsCsv reads a filled-in one back', () => {
  const a = errorAnalysis(identity, data, { categories: { strong: (x) => Math.max(...x.data()) >= 3 } });
  const csv = errorsToCsv(a, ['strong', 'dog, big']);
  assert.equal(
    csv,
    [
      'index,label,predicted,confidence,strong,"dog, big",comments',
      '1,0,1,0.8808,,,',
      '2,1,0,0.8808,,,',
      '4,1,0,0.9526,x,,',
      '',
    ].join('\n'),
  );
  // A person marks example 2 as a big dog and comments on it.
  const filled = csv.replace('2,1,0,0.8808,,,', '2,1,0,0.8808,,1,"looks like a ""wolf"""');
  assert.deepEqual(
    parseTagsCsv(filled),
    new Map([
      [1, []],
      [2, ['dog, big']],
      [4, ['strong']],
    ]),
  );
  assert.deepEqual(
    parseTagsCsv('index,dog,blurry\n3,x,\n8,no,1\n'),
    new Map([
      [3, ['dog']],
      [8, ['blurry']],
    ]),
  );
  assert.throws(() => parseTagsCsv('id,dog\n1,x'), /the header needs an 'index' column, got id,dog/);
  assert.throws(() => parseTagsCsv('index,dog\nseven,x'), /row 2 has index 'seven', expected a whole number/);
  assert.throws(
    () => errorAnalysis(identity, new TensorDataset(tensor([]).reshape([0, 2]))),
    new ValueError('errorAnalysis: the dataset is empty'),
  );
});
