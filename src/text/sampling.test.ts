import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, tensor } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { generate, sampleNext, samplingProbabilities } from './sampling.js';

const ln2 = Math.log(2);

test('samplingProbabilities: softmax(logits / T), top-k, rejected ids renormalized away', () => {
  // softmax([0, 0, ln 2]) = [1, 1, 2] / 4
  expectClose(samplingProbabilities([0, 0, ln2]), [0.25, 0.25, 0.5], { rtol: 1e-12 });
  // Without id 0: [1, 2] / 3 (the course's "resample while it is <UNK>" has the same law)
  expectClose(samplingProbabilities([0, 0, ln2], { rejectIds: [0] }), [0, 1 / 3, 2 / 3], { rtol: 1e-12 });
  // T = 0.5 doubles the logits: softmax([0, 2 ln 2]) = [1, 4] / 5
  expectClose(samplingProbabilities(tensor([0, ln2]), { temperature: 0.5 }), [0.2, 0.8], { rtol: 1e-6 });
  // Top-2 of three equal logits keeps the two lowest ids.
  expectClose(samplingProbabilities([1, 1, 1], { topK: 2 }), [0.5, 0.5, 0], { rtol: 1e-12 });
  // T = 0 is the argmax.
  expectClose(samplingProbabilities([0.1, 3, 2], { temperature: 0 }), [0, 1, 0]);
  // Large logits do not overflow.
  expectClose(samplingProbabilities([1000, 1000]), [0.5, 0.5]);
});

test('sampleNext draws with the right frequencies and never a rejected id', () => {
  const generator = new Generator(42);
  const counts = [0, 0, 0];
  for (let i = 0; i < 6000; i++) counts[sampleNext([0, 0, ln2], { rejectIds: [0], generator })]! += 1;
  assert.equal(counts[0], 0);
  // Expected 2000 and 4000; the standard deviation is √(6000·⅓·⅔) ≈ 37.
  assert.ok(Math.abs(counts[2]! - 4000) < 200, `drew id 2 ${counts[2]} times`);
});

test('sampleNext is reproducible from a seed', () => {
  const draw = (seed: number) => {
    const generator = new Generator(seed);
    return Array.from({ length: 20 }, () => sampleNext([0.5, 0.1, 0.3, 0.2], { generator }));
  };
  assert.deepEqual(draw(7), draw(7));
});

// A Markov model as a table: logits of the next id given the previous one (id 3 is EOS).
const table = [
  [0, 5, 0, 0],
  [0, 0, 5, 0],
  [0, 0, 0, 5],
  [5, 0, 0, 0],
];

test('generate feeds each draw back and stops at eos', () => {
  let calls = 0;
  const step = (prev: number, state: number) => {
    calls++;
    return { logits: table[prev]!, state: state + 1 };
  };
  // Greedy sampling (T = 0) from 0: 1, 2, 3 (eos)
  assert.deepEqual(
    generate(step, { start: 0, maxLength: 10, eosId: 3, temperature: 0, state: 0 }),
    [1, 2, 3],
  );
  assert.equal(calls, 3);
  // Priming with [0, 1] continues from 1; maxLength cuts without eos.
  assert.deepEqual(generate(step, { start: [0, 1], maxLength: 4, temperature: 0, state: 0 }), [2, 3, 0, 1]);
  assert.deepEqual(generate(step, { start: 0, maxLength: 0, state: 0 }), []);
});

test('generate threads the model state through the steps', () => {
  const seen: number[] = [];
  const step = (prev: number, state: number[]) => {
    seen.push(state.length);
    return { logits: table[prev]!, state: [...state, prev] };
  };
  generate(step, { start: 0, maxLength: 3, temperature: 0, state: [] });
  assert.deepEqual(seen, [0, 1, 2]);
});

test('sampling rejects bad options with named errors', () => {
  assert.throws(() => sampleNext([1, 2], { temperature: -1 }), /sampleNext: temperature must be ≥ 0, got -1/);
  assert.throws(() => sampleNext([1, 2], { topK: 0 }), /sampleNext: topK must be a positive integer, got 0/);
  assert.throws(() => sampleNext([1, 2], { rejectIds: [0, 1] }), /no token is left to draw/);
  assert.throws(() => sampleNext(tensor([[1, 2]])), /logits must be a vector \[V\], got shape \[1, 2\]/);
  const step = (prev: number) => ({ logits: table[prev]!, state: undefined });
  assert.throws(() => generate(step, { start: [], maxLength: 2 }), /start must hold at least one token/);
  assert.throws(
    () => generate(step, { start: 0, maxLength: -1 }),
    /maxLength must be a non-negative integer/,
  );
});
