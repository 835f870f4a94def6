import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropy, Generator, optim, ShapeError, type Tensor, tensor, ValueError } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { beamSearch, greedyDecode } from '../text/decoding.js';
import { Seq2Seq, type Seq2SeqState } from './seq2seq.js';

const PAD = 0;
const BOS = 1;
const EOS = 2;

/** A batch of the reversal task: src padded after its length, tgtIn = bos + reversed, tgtOut = reversed + eos. */
function reverseBatch(sentences: number[][]): {
  src: Tensor;
  lengths: number[];
  tgtIn: Tensor;
  tgtOut: Tensor;
} {
  const s = Math.max(...sentences.map((x) => x.length));
  const pad = (x: number[], n: number) => [...x, ...new Array<number>(n - x.length).fill(PAD)];
  const int = (rows: number[][]) => tensor(rows, { dtype: 'int32' });
  return {
    src: int(sentences.map((x) => pad(x, s))),
    lengths: sentences.map((x) => x.length),
    tgtIn: int(sentences.map((x) => pad([BOS, ...[...x].reverse()], s + 1))),
    tgtOut: int(sentences.map((x) => pad([...[...x].reverse(), EOS], s + 1))),
  };
}

const sentences = [
  [3, 4, 5],
  [6, 5, 4, 3],
  [4, 4, 6],
  [5, 3, 6, 6],
  [3, 6],
  [6, 3, 4, 5],
  [5, 5, 3],
  [4, 6, 3, 3],
];

function small(encoder: 'lstm' | 'gru', seed: number): Seq2Seq {
  return new Seq2Seq({
    srcVocab: 7,
    tgtVocab: 7,
    embedDim: 8,
    encoderHidden: 16,
    decoderHidden: 24,
    encoder,
    generator: new Generator(seed),
  });
}

function loss(model: Seq2Seq, batch: ReturnType<typeof reverseBatch>): Tensor {
  const logits = model.forward(batch.src, batch.lengths, batch.tgtIn);
  const [n, t, v] = logits.shape as [number, number, number];
  return crossEntropy(logits.reshape([n * t, v]), batch.tgtOut.reshape([n * t]), { ignoreIndex: PAD });
}

test('Seq2Seq shapes: logits [N, T, V], attention [N, T, S] summing to 1 over the real source', () => {
  const model = small('lstm', 1);
  const batch = reverseBatch(sentences.slice(3, 5)); // lengths 4 and 2
  const { logits, attention } = model.forwardWithAttention(batch.src, batch.lengths, batch.tgtIn);
  assert.deepEqual(logits.shape, [2, 5, 7]);
  assert.deepEqual(attention.shape, [2, 5, 4]);
  expectClose(attention.sum(-1), [new Array(5).fill(1), new Array(5).fill(1)]);
  // The second sentence has 2 tokens: positions 2 and 3 are padding and get no attention.
  const rows = attention.toArray() as number[][][];
  for (const row of rows[1]!) assert.deepEqual(row.slice(2), [0, 0]);
});

test('Seq2Seq learns to reverse sequences in a few dozen Adam steps (LSTM and GRU encoders)', () => {
  const batch = reverseBatch(sentences);
  for (const [encoder, seed] of [
    ['lstm', 2],
    ['gru', 3],
  ] as const) {
    const model = small(encoder, seed);
    const opt = new optim.Adam(model.parameters(), { lr: 0.03 });
    const first = loss(model, batch).item();
    let last = first;
    for (let step = 0; step < 30; step++) {
      opt.zeroGrad();
      const l = loss(model, batch);
      l.backward();
      opt.step();
      last = l.item();
    }
    // ln 7 ≈ 1.95 at the start; memorizing 8 reversals brings it near 0.
    assert.ok(first > 1.5, `${encoder}: initial loss ${first}`);
    assert.ok(last < 0.1, `${encoder}: loss after 30 steps ${last} should be below 0.1`);
    if (encoder === 'lstm') greedyReverses(model);
  }
});

/** Greedy decoding through the step-function adapter reproduces a trained reversal. */
function greedyReverses(model: Seq2Seq): void {
  model.eval();
  const { stepFn, state: start } = model.decoder(tensor([6, 5, 4, 3], { dtype: 'int32' }));
  const ids: number[] = [];
  let state: Seq2SeqState = start;
  let prev = BOS;
  for (let t = 0; t < 5 && prev !== EOS; t++) {
    const step = stepFn(prev, state);
    assert.deepEqual(step.logits.shape, [7]);
    // log-probabilities: their exponentials sum to 1
    expectClose([[...step.logits.data()].reduce((s, x) => s + Math.exp(x), 0)], [1]);
    expectClose(step.state.attention!.sum(), 1);
    const row = [...step.logits.data()];
    prev = row.indexOf(Math.max(...row));
    ids.push(prev);
    state = step.state;
  }
  assert.deepEqual(ids, [3, 4, 5, 6, EOS]);
  // The same through the decoders of text/decoding.
  const options = { bos: BOS, eos: EOS, maxLength: 6, state: start };
  assert.deepEqual(greedyDecode(stepFn, options).ids, [3, 4, 5, 6, EOS]);
  assert.deepEqual(beamSearch(stepFn, { ...options, beamWidth: 3 })[0]!.ids, [3, 4, 5, 6, EOS]);
}

test('Seq2Seq rejects bad configurations and inputs with named errors', () => {
  assert.throws(
    () => new Seq2Seq({ srcVocab: 0, tgtVocab: 5, embedDim: 4, encoderHidden: 4, decoderHidden: 4 }),
    /Seq2Seq: srcVocab must be a positive integer, got 0/,
  );
  assert.throws(
    () =>
      new Seq2Seq({
        srcVocab: 5,
        tgtVocab: 5,
        embedDim: 4,
        encoderHidden: 4,
        decoderHidden: 4,
        encoder: 'rnn' as 'gru',
      }),
    ValueError,
  );
  const model = small('gru', 4);
  const batch = reverseBatch(sentences.slice(0, 2));
  assert.throws(
    () => model.forward(batch.src, [3, 5], batch.tgtIn),
    /Seq2Seq: srcLengths must hold 2 integers in \[1, 4\], got \[3, 5\]/,
  );
  assert.throws(() => model.forward(batch.src.cast('float32'), [3, 4], batch.tgtIn), ShapeError);
  assert.throws(
    () => model.decoder(batch.src),
    /Seq2Seq.decoder: src must be one sentence \[S\], got \[2, 4\]/,
  );
});
