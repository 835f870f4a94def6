import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropy, Generator, optim, ShapeError, type Tensor, tensor, ValueError } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { generate } from '../text/sampling.js';
import { CharTransformer } from './char-transformer.js';

const ints = (rows: number[][]): Tensor => tensor(rows, { dtype: 'int32' });

test('CharTransformer: logits [N, T, V]; tying saves the V·d + V of a separate head', () => {
  const config = { vocabSize: 11, maxLen: 8, dModel: 8, nHead: 2, numLayers: 1, generator: new Generator(1) };
  const tied = new CharTransformer(config);
  const untied = new CharTransformer({ ...config, tieWeights: false });
  assert.deepEqual(tied.forward(ints([[1, 2, 3]])).shape, [1, 3, 11]);
  assert.equal(untied.numParameters() - tied.numParameters(), 11 * 8 + 11);
  // tokens 11·8, positions 8·8, one pre-norm layer (attention 3·64 + 24 + 64 + 8, FFN 8·32 + 32
  // + 32·8 + 8, norms 32), the final norm 16
  assert.equal(tied.numParameters(), 88 + 64 + 288 + 552 + 32 + 16);
  const sinusoidal = new CharTransformer({ ...config, positions: 'sinusoidal' });
  assert.equal(sinusoidal.numParameters(), tied.numParameters() - 64);
});

test('CharTransformer is causal: the logits at t do not depend on characters after t', () => {
  for (const positions of ['learned', 'sinusoidal'] as const) {
    const model = new CharTransformer({ vocabSize: 6, maxLen: 6, dModel: 8, nHead: 2, positions }).eval();
    const a = model.forward(ints([[1, 2, 3, 4, 5]]));
    const b = model.forward(ints([[1, 2, 3, 0, 0]]));
    expectClose(a.narrow(1, 0, 3), b.narrow(1, 0, 3));
    assert.notDeepEqual([...a.narrow(1, 3, 1).data()], [...b.narrow(1, 3, 1).data()]);
  }
});

test('CharTransformer memorizes a repeating string and generates it back', () => {
  // "0123" repeated: every next character is determined by the one before.
  const text = Array.from({ length: 13 }, (_, i) => i % 4);
  const model = new CharTransformer({
    vocabSize: 4,
    maxLen: 12,
    dModel: 16,
    nHead: 2,
    numLayers: 1,
    dropout: 0,
    generator: new Generator(5),
  });
  const x = ints([text.slice(0, 12)]);
  const y = ints([text.slice(1, 13)]);
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  let loss = Number.POSITIVE_INFINITY;
  for (let step = 0; step < 40; step++) {
    opt.zeroGrad();
    const l = crossEntropy(model.forward(x).reshape([12, 4]), y.reshape([12]));
    l.backward();
    opt.step();
    loss = l.item();
  }
  assert.ok(loss < 0.2, `loss after 40 steps ${loss} should be below 0.2`);
  model.eval();
  const out = generate(model.stepFn, { start: [0, 1], maxLength: 6, state: [], temperature: 0 });
  assert.deepEqual(out, [2, 3, 0, 1, 2, 3]);
});

test('CharTransformer rejects bad configurations and inputs', () => {
  assert.throws(
    () => new CharTransformer({ vocabSize: 0, maxLen: 4 }),
    /CharTransformer: vocabSize must be a positive integer, got 0/,
  );
  assert.throws(
    () => new CharTransformer({ vocabSize: 4, maxLen: 4, positions: 'rope' as 'learned' }),
    ValueError,
  );
  const model = new CharTransformer({ vocabSize: 4, maxLen: 3, dModel: 8, nHead: 2 });
  assert.throws(() => model.forward(ints([[1, 2, 3, 0]])), ShapeError);
  assert.throws(
    () => model.forward(tensor([[1, 2]])),
    /ids must be int32 \[batch, 1\.\.3\], got float32 \[1, 2\]/,
  );
});
