import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropy, Generator, optim, ShapeError, type Tensor, tensor, ValueError } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { generate } from '../text/sampling.js';
import { CharLSTM } from './char-lstm.js';

const ints = (rows: number[][]): Tensor => tensor(rows, { dtype: 'int32' });

test('CharLSTM: logits [N, T, V] and a parameter count by arithmetic', () => {
  const model = new CharLSTM({ vocabSize: 11, embedDim: 5, hiddenSize: 7, generator: new Generator(1) });
  assert.deepEqual(
    model.forward(
      ints([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).shape,
    [2, 3, 11],
  );
  // embedding 11·5 = 55; LSTM 4·7·(5 + 7) + 2·4·7 = 336 + 56 = 392; head 7·11 + 11 = 88
  assert.equal(model.numParameters(), 55 + 392 + 88);
  // A second layer reads the first's 7 outputs: 4·7·(7 + 7) + 56 = 448 more.
  const deep = new CharLSTM({ vocabSize: 11, embedDim: 5, hiddenSize: 7, numLayers: 2 });
  assert.equal(deep.numParameters(), 55 + 392 + 448 + 88);
  // The defaults: embedDim 64, hiddenSize 256: 11·64 + 4·256·320 + 8·256 + 256·11 + 11
  assert.equal(new CharLSTM({ vocabSize: 11 }).numParameters(), 704 + 327680 + 2048 + 2816 + 11);
});

test('CharLSTM.stepFn carries the state: stepping equals reading the whole sequence', () => {
  const model = new CharLSTM({
    vocabSize: 6,
    embedDim: 4,
    hiddenSize: 5,
    generator: new Generator(2),
  }).eval();
  const logits = model.forward(ints([[1, 2, 3]]));
  let state = {};
  const rows: number[][] = [];
  for (const id of [1, 2, 3]) {
    const step = model.stepFn(id, state);
    state = step.state;
    rows.push([...step.logits.data()]);
  }
  // stepFn returns log-probabilities: the logits minus their logsumexp, row by row.
  expectClose(tensor(rows), logits.reshape([3, 6]).logSoftmax(-1), { atol: 1e-5 });
});

test('CharLSTM memorizes a repeating string and generates it back', () => {
  // "01234" repeated: every next character is determined by the one before.
  const text = Array.from({ length: 21 }, (_, i) => i % 5);
  const model = new CharLSTM({ vocabSize: 5, embedDim: 8, hiddenSize: 16, generator: new Generator(3) });
  const x = ints([text.slice(0, 20)]);
  const y = ints([text.slice(1, 21)]);
  const opt = new optim.Adam(model.parameters(), { lr: 0.03 });
  let loss = Number.POSITIVE_INFINITY;
  for (let step = 0; step < 60; step++) {
    opt.zeroGrad();
    const l = crossEntropy(model.forward(x).reshape([20, 5]), y.reshape([20]));
    l.backward();
    opt.step();
    loss = l.item();
  }
  assert.ok(loss < 0.1, `loss after 60 steps ${loss} should be below 0.1`);
  model.eval();
  const out = generate(model.stepFn, { start: [0, 1], maxLength: 7, state: {}, temperature: 0 });
  assert.deepEqual(out, [2, 3, 4, 0, 1, 2, 3]);
});

test('CharLSTM reads long sequences in pieces with the same result as one LSTM pass', () => {
  const model = new CharLSTM({
    vocabSize: 6,
    embedDim: 3,
    hiddenSize: 4,
    numLayers: 2,
    generator: new Generator(4),
  });
  const ids = ints([Array.from({ length: 37 }, (_, i) => (i * 7) % 6)]); // 16 + 16 + 5 steps
  const whole = model.lstm.forwardWithState(model.embedding.forward(ids));
  const { logits, h, c } = model.forwardWithState(ids);
  expectClose(logits, model.head.forward(whole.output), { atol: 1e-5 });
  expectClose(h, whole.h, { atol: 1e-5 });
  expectClose(c, whole.c, { atol: 1e-5 });
});

test('CharLSTM rejects bad configurations and inputs', () => {
  assert.throws(
    () => new CharLSTM({ vocabSize: 0 }),
    /CharLSTM: vocabSize must be a positive integer, got 0/,
  );
  assert.throws(() => new CharLSTM({ vocabSize: 4, dropout: 1 }), ValueError);
  const model = new CharLSTM({ vocabSize: 4, embedDim: 2, hiddenSize: 3 });
  assert.throws(
    () => model.forward(tensor([[1, 2]])),
    /ids must be int32 \[batch, seq\] with seq ≥ 1, got float32 \[1, 2\]/,
  );
  assert.throws(() => model.forward(ints([[]])), ShapeError);
});
