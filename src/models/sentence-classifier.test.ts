import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropy, manualSeed, ones, optim, ShapeError, tensor, ValueError } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { SentenceClassifier } from './sentence-classifier.js';

const ids = (rows: number[][]) => tensor(rows, { dtype: 'int32' });

test('the average form is the mean of the real words’ embeddings through the linear layer', () => {
  const model = new SentenceClassifier({ vocabSize: 4, embedDim: 2, numClasses: 2 });
  model.embedding.weight.data().set([9, 9, 1, 2, 3, 6, 5, 4]);
  model.head.weight.data().set([1, 0, 0, 1]);
  model.head.bias!.data().fill(0);
  // Row 0 reads words 1 and 2: ((1, 2) + (3, 6)) / 2 = (2, 4); row 1 reads word 3 alone.
  expectClose(
    model.forward(
      ids([
        [1, 2, 0],
        [3, 0, 0],
      ]),
    ),
    [
      [2, 4],
      [5, 4],
    ],
  );
});

test('padding changes neither form’s output', () => {
  manualSeed(0);
  for (const encoder of ['average', 'lstm'] as const) {
    const model = new SentenceClassifier({ vocabSize: 10, encoder, embedDim: 4, hiddenSize: 5 });
    const short = model.forward(ids([[3, 4, 5]]));
    const padded = model.forward(
      ids([
        [3, 4, 5, 0, 0],
        [7, 0, 0, 0, 0],
      ]),
    );
    expectClose(padded.narrow(0, 0, 1), short.data(), { rtol: 1e-6, atol: 1e-6 });
  }
});

test('lengths run to the last non-padding id', () => {
  const model = new SentenceClassifier({ vocabSize: 10, paddingIdx: 9 });
  assert.deepEqual(
    model.lengths(
      ids([
        [1, 9, 2, 9],
        [9, 9, 9, 9],
        [1, 2, 3, 4],
      ]),
    ),
    [3, 1, 4],
  );
});

test('the LSTM form learns word order the average cannot see', () => {
  // Class 1 when word 1 comes before word 2: both sentences hold the same words.
  manualSeed(1);
  const x = ids([
    [1, 2, 3],
    [2, 1, 3],
  ]);
  const y = tensor([1, 0], { dtype: 'int32' });
  const model = new SentenceClassifier({ vocabSize: 4, encoder: 'lstm', embedDim: 4, hiddenSize: 8 });
  const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
  for (let i = 0; i < 40; i++) {
    opt.zeroGrad();
    crossEntropy(model.forward(x), y).backward();
    opt.step();
  }
  assert.ok(crossEntropy(model.forward(x), y).item() < 0.05);
  const average = new SentenceClassifier({ vocabSize: 4, embedDim: 4 });
  const logits = average.forward(x);
  expectClose(logits.narrow(0, 0, 1), logits.narrow(0, 1, 1).data(), { rtol: 1e-6, atol: 1e-6 });
});

test('bad configurations and inputs are typed errors', () => {
  assert.throws(
    () => new SentenceClassifier({ vocabSize: 0 }),
    /SentenceClassifier: vocabSize must be a positive integer, got 0/,
  );
  assert.throws(
    () => new SentenceClassifier({ vocabSize: 5, encoder: 'gru' as 'lstm' }),
    (e: Error) => e instanceof ValueError && /encoder must be 'average' or 'lstm', got 'gru'/.test(e.message),
  );
  assert.throws(
    () => new SentenceClassifier({ vocabSize: 5, paddingIdx: 5 }),
    /paddingIdx must be an id in \[0, 5\), got 5/,
  );
  const model = new SentenceClassifier({ vocabSize: 5 });
  assert.throws(
    () => model.forward(ones([2, 3])),
    (e: Error) => e instanceof ShapeError && /ids must be int32/.test(e.message),
  );
});
