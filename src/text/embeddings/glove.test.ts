import assert from 'node:assert/strict';
import { test } from 'node:test';
import { add, dot, gradcheck, mul, square, sub, type Tensor, tensor, valueAndGrad } from '../../index.js';
import { cooccurrenceCounts } from './cooccurrence.js';
import { type GloveState, gloveStep, trainGlove } from './glove.js';

/** The entries as a sorted list of "i,j:value" strings. */
function entries(ids: number[], starts: number[], vocab: number, window: number): string[] {
  const c = cooccurrenceCounts(Int32Array.from(ids), Int32Array.from(starts), vocab, window);
  return Array.from(c.rows, (r, k) => `${r},${c.cols[k]}:${Math.round(c.values[k]! * 1e4) / 1e4}`).sort();
}

test('cooccurrenceCounts weights a pair d apart by 1/d, within the window and the sentence', () => {
  // sentence 1: 0 1 2 0; sentence 2: 2 1. window 2.
  // d=1: (0,1) (1,2) (2,0) | (2,1); d=2: (0,2) (1,0)
  // X_01 = 1 + 1/2, X_12 = 1 + 1 (second sentence), X_02 = 1 + 1/2; pair 0…0 is 3 apart: out of the window
  assert.deepEqual(entries([0, 1, 2, 0, 2, 1], [0, 4, 6], 3, 2), ['0,1:1.5', '0,2:1.5', '1,2:2']);
  // window 3 reaches 0…0 (d = 3); a word next to itself counts from both sides: X_00 = 2 · 1/3
  assert.deepEqual(entries([0, 1, 2, 0], [0, 4], 3, 3), ['0,0:0.6667', '0,1:1.5', '0,2:1.5', '1,2:1']);
  // Many pairs: the table grows past its first 65,536 slots and keeps every count.
  const ids = Array.from({ length: 3000 }, (_, i) => (i * 7919) % 3000);
  const many = cooccurrenceCounts(Int32Array.from(ids), Int32Array.from([0, 3000]), 3000, 40);
  const total = many.values.reduce((s, x) => s + x, 0);
  let expected = 0;
  for (let d = 1; d <= 40; d++) expected += (3000 - d) / d;
  // Every id occurs once (7919 is prime to 3000): no pair repeats, no diagonal pair.
  assert.ok(Math.abs(total - expected) < 1e-2, `${total} vs ${expected}`);
  assert.equal(many.rows.length, 40 * 3000 - (40 * 41) / 2);
  assert.throws(
    () => cooccurrenceCounts(Int32Array.from([0]), Int32Array.from([0, 1]), 1, 0),
    /window must be/,
  );
  assert.throws(
    () => cooccurrenceCounts(Int32Array.from([0]), Int32Array.from([0, 1]), 70000, 2),
    /vocabSize/,
  );
});

test('gloveStep is an AdaGrad step on ½ f(x)(w·w̃ + b + b̃ − log x)², plain SGD at first', () => {
  const f64 = (x: number[]): Tensor => tensor(x, { dtype: 'float64' });
  const w = [0.2, -0.1, 0.4];
  const wc = [0.3, 0.5, -0.2];
  const [b, bc, x, weight, lr] = [0.1, -0.3, 7, 0.6, 0.05];
  const s: GloveState = {
    dim: 3,
    w: Float32Array.from(w),
    wContext: Float32Array.from(wc),
    bias: Float32Array.from([b]),
    biasContext: Float32Array.from([bc]),
    gradSq: new Float32Array(3).fill(1),
    gradSqContext: new Float32Array(3).fill(1),
    gradSqBias: Float32Array.from([1]),
    gradSqBiasContext: Float32Array.from([1]),
  };
  const cost = gloveStep(s, 0, 0, x, weight, lr);
  const J = (wi: Tensor, wj: Tensor, bi: Tensor, bj: Tensor): Tensor =>
    mul(0.5 * weight, square(sub(add(add(dot(wi, wj), bi), bj), Math.log(x))));
  const inputs: [Tensor, Tensor, Tensor, Tensor] = [f64(w), f64(wc), f64([b]), f64([bc])];
  assert.ok(gradcheck((wi, wj, bi, bj) => J(wi, wj, bi, bj).sum(), inputs).passed);
  const [value, grads] = valueAndGrad((wi: Tensor, wj: Tensor, bi: Tensor, bj: Tensor) =>
    J(wi, wj, bi, bj).sum(),
  )(...inputs);
  assert.ok(Math.abs(cost - value.item()) < 1e-6);
  const after = [s.w, s.wContext, s.bias, s.biasContext];
  const before = [w, wc, [b], [bc]];
  grads.forEach((g, k) => {
    Array.from(g.data()).forEach((gj, j) => {
      const step = (after[k]![j]! - before[k]![j]!) / -lr;
      assert.ok(Math.abs(step - gj) < 1e-5, `param ${k}[${j}]: ${step} vs ${gj}`);
    });
  });
  // G accumulated (lr·g)²: the next step is smaller by 1/√G.
  assert.ok(Math.abs(s.gradSqBias[0]! - (1 + (lr * grads[2]!.item()) ** 2)) < 1e-7);
});

test('trainGlove: shared contexts give close vectors, the cost falls, runs are reproducible', () => {
  const sentences: string[][] = [];
  for (let i = 0; i < 60; i++) {
    sentences.push(['the', ['cat', 'dog', 'horse'][i % 3]!, 'drinks', 'milk', 'and', 'eats', 'meat']);
    sentences.push(['the', ['car', 'truck', 'plane'][i % 3]!, 'needs', 'fuel', 'and', 'burns', 'oil']);
  }
  const options = { vectorSize: 8, minCount: 1, window: 3, epochs: 40, xMax: 10 };
  const r = trainGlove(sentences, options);
  const v = r.vectors;
  assert.ok(v.similarity('cat', 'dog') > v.similarity('cat', 'truck') + 0.2);
  assert.ok(r.costs[r.costs.length - 1]! < r.costs[0]! / 2, `costs ${r.costs[0]} → ${r.costs.at(-1)}`);
  assert.equal(v.count, 16);
  assert.deepEqual(trainGlove(sentences, options).vectors.vectors, v.vectors);
  assert.throws(() => trainGlove(sentences, { epochs: 0 }), /epochs must be an integer ≥ 1, got 0/);
  assert.throws(() => trainGlove(sentences, { xMax: -1 }), /xMax must be positive/);
});
