import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  add,
  dot,
  Generator,
  gradcheck,
  mul,
  softplus,
  type Tensor,
  tensor,
  valueAndGrad,
} from '../../index.js';
import {
  cbowExample,
  drawNegative,
  hierarchicalSoftmaxStep,
  negativeSamplingStep,
  type Word2vecState,
} from './word2vec-kernel.js';
import { huffmanTree } from './word2vec-vocabulary.js';

// The kernel's updates must be SGD steps on the objectives of NOTE(word2vec-kernel): the change
// of every row divided by −α equals the gradient that autograd computes (in float64) on the
// objective written with tensor ops, and gradcheck confirms that gradient numerically.

const dim = 3;
const rows = (...r: number[][]): Float32Array => Float32Array.from(r.flat());
const row = (a: Float32Array, i: number): number[] => Array.from(a.subarray(i * dim, (i + 1) * dim));
const f64 = (x: number[]): Tensor => tensor(x, { dtype: 'float64' });

function state(overrides: Partial<Word2vecState>): Word2vecState {
  return {
    dim,
    syn0: rows([0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.2], [0.3, 0.1, -0.1]),
    syn1neg: rows([0.2, 0.1, -0.3], [-0.1, 0.4, 0.2], [0.5, -0.3, 0.1], [0.05, 0.2, 0.3]),
    syn1: rows([0.3, -0.1, 0.2], [-0.2, 0.6, 0.1], [0.4, 0.2, -0.5]),
    negative: 1,
    // All the noise on word 2: every negative drawn is 2.
    noise: Float64Array.from([0, 0, 1, 1]),
    hs: false,
    ...huffmanTree(Float64Array.from([4, 3, 2, 1])),
    rng: new Generator(0),
    neu1: new Float32Array(dim),
    neu1e: new Float32Array(dim),
    loss: 0,
    trackLoss: true,
    ...overrides,
  };
}

/** Asserts |Δ / −α − grad| small for every entry. */
function stepMatches(before: number[], after: number[], grad: Tensor, alpha: number): void {
  const g = Array.from(grad.data());
  before.forEach((b, j) => {
    const fromKernel = (after[j]! - b) / -alpha;
    assert.ok(Math.abs(fromKernel - g[j]!) < 2e-5, `entry ${j}: kernel ${fromKernel}, autograd ${g[j]}`);
  });
}

test('drawNegative draws by binary search of the cumulative noise table', () => {
  const s = state({ noise: Float64Array.from([0.5, 0.75, 1]) });
  const counts = [0, 0, 0];
  for (let i = 0; i < 4000; i++) counts[drawNegative(s)]!++;
  // Expected 2000, 1000, 1000; a 5σ band is about ±160.
  assert.ok(Math.abs(counts[0]! - 2000) < 160 && Math.abs(counts[1]! - 1000) < 140, String(counts));
  assert.equal(drawNegative(state({})), 2);
});

test('negative sampling: the step is −α ∇ of −log σ(u_w·h) − log σ(−u_k·h)', () => {
  // word 1's input vector predicts word 0; the one negative is word 2.
  const alpha = 0.5;
  const s = state({});
  const h0 = row(s.syn0, 1);
  const [u0, u2] = [row(s.syn1neg, 0), row(s.syn1neg, 2)];
  negativeSamplingStep(s, s.syn0, dim, 0, alpha);
  const loss = (h: Tensor, uw: Tensor, uk: Tensor): Tensor =>
    add(softplus(mul(-1, dot(uw, h))), softplus(dot(uk, h)));
  const inputs: [Tensor, Tensor, Tensor] = [f64(h0), f64(u0), f64(u2)];
  assert.ok(gradcheck(loss, inputs).passed);
  const [value, [gh, gu0, gu2]] = valueAndGrad(loss)(...inputs);
  assert.ok(Math.abs(s.loss - value.item()) < 1e-6);
  stepMatches(
    h0,
    Array.from(s.neu1e, (x, j) => h0[j]! + x),
    gh!,
    alpha,
  );
  stepMatches(u0, row(s.syn1neg, 0), gu0!, alpha);
  stepMatches(u2, row(s.syn1neg, 2), gu2!, alpha);
  assert.deepEqual(row(s.syn1neg, 1), [-0.1, 0.4, 0.2].map(Math.fround)); // untouched
});

test('hierarchical softmax: the step is −α ∇ of Σ −log σ((1 − 2 code)·u_node·h)', () => {
  // counts [4, 3, 2, 1]: word 2's code is 1 0 1 at inner nodes 2, 1, 0.
  const alpha = 0.25;
  const s = state({ hs: true, negative: 0 });
  assert.deepEqual(Array.from(s.codes.subarray(s.offsets[2]!, s.offsets[3]!)), [1, 0, 1]);
  assert.deepEqual(Array.from(s.points.subarray(s.offsets[2]!, s.offsets[3]!)), [2, 1, 0]);
  const h0 = row(s.syn0, 3);
  const nodes = [0, 1, 2].map((n) => row(s.syn1, n));
  hierarchicalSoftmaxStep(s, s.syn0, 3 * dim, 2, alpha);
  // −log σ(x) = softplus(−x): code 1 → softplus(u·h), code 0 → softplus(−u·h)
  const loss = (h: Tensor, n0: Tensor, n1: Tensor, n2: Tensor): Tensor =>
    add(add(softplus(dot(n2, h)), softplus(mul(-1, dot(n1, h)))), softplus(dot(n0, h)));
  const inputs: [Tensor, Tensor, Tensor, Tensor] = [f64(h0), f64(nodes[0]!), f64(nodes[1]!), f64(nodes[2]!)];
  assert.ok(gradcheck(loss, inputs).passed);
  const [value, grads] = valueAndGrad(loss)(...inputs);
  assert.ok(Math.abs(s.loss - value.item()) < 1e-6);
  stepMatches(
    h0,
    Array.from(s.neu1e, (x, j) => h0[j]! + x),
    grads[0]!,
    alpha,
  );
  for (const [i, n] of nodes.entries()) stepMatches(n, row(s.syn1, i), grads[i + 1]!, alpha);
});

test('CBOW: the mean of the window predicts the word; each context word moves by −α ∂L/∂h', () => {
  // Sentence [0, 3, 1] at position 2 (word 1) with the whole sentence as window: h = (v0 + v3) / 2.
  const alpha = 0.5;
  const s = state({});
  const [v0, v3] = [row(s.syn0, 0), row(s.syn0, 3)];
  const u1 = row(s.syn1neg, 1);
  const u2 = row(s.syn1neg, 2);
  cbowExample(s, Int32Array.from([0, 3, 1]), 0, 3, 2, alpha, true);
  const loss = (a: Tensor, b: Tensor, uw: Tensor, uk: Tensor): Tensor => {
    const h = mul(0.5, add(a, b));
    return add(softplus(mul(-1, dot(uw, h))), softplus(dot(uk, h)));
  };
  const inputs: [Tensor, Tensor, Tensor, Tensor] = [f64(v0), f64(v3), f64(u1), f64(u2)];
  assert.ok(gradcheck(loss, inputs).passed);
  const [, [g0, , gu1, gu2]] = valueAndGrad(loss)(...inputs);
  // ∂L/∂h = 2 ∂L/∂v0 (h is the mean of two), and word2vec adds the step along ∂L/∂h to both.
  const gh = mul(2, g0!);
  stepMatches(v0, row(s.syn0, 0), gh, alpha);
  stepMatches(v3, row(s.syn0, 3), gh, alpha);
  stepMatches(u1, row(s.syn1neg, 1), gu1!, alpha);
  stepMatches(u2, row(s.syn1neg, 2), gu2!, alpha);
  assert.deepEqual(row(s.syn0, 1), [0.4, 0.5, -0.6].map(Math.fround)); // the predicted word's input: untouched
});
