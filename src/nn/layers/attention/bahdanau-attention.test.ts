import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ShapeError } from '../../../errors.js';
import { Generator, randn, type Tensor, tensor, zeros } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { Module } from '../../module.js';
import { BahdanauAttention } from './bahdanau-attention.js';

/** Sizes 1 with W₁ = W₂ = v = 1 and b = 0, so e⟨t′⟩ = tanh(s + a⟨t′⟩). */
function unitAttention(): BahdanauAttention {
  const attention = new BahdanauAttention(1, 1, 1);
  attention.loadStateDict({
    'queryProj.weight': tensor([[1]]),
    'keyProj.weight': tensor([[1]]),
    'keyProj.bias': tensor([0]),
    'v.weight': tensor([[1]]),
  });
  return attention;
}

test('additive attention by hand: e = tanh(s + a), α = softmax(e), context = Σ α a', () => {
  const attention = unitAttention();
  const keys = tensor([[[0], [1]]]); // a = [0, 1]
  const { context, weights } = attention.forwardWithWeights(tensor([[0]]), keys);
  // e = [tanh 0, tanh 1] = [0, 0.76159]; α₂ = σ(tanh 1) = 0.68170; context = α₂·1
  const a2 = 1 / (1 + Math.exp(-Math.tanh(1)));
  expectClose(weights, [[1 - a2, a2]]);
  expectClose(context, [[a2]]);
  // The projected keys can be computed once and passed in.
  const again = attention.forwardWithWeights(tensor([[0]]), keys, {
    projectedKeys: attention.projectKeys(keys),
  });
  expectClose(again.context, context);
});

test('masked source positions get zero weight; the weights sum to 1', () => {
  const attention = unitAttention();
  const keys = tensor([
    [[0], [1], [5]],
    [[2], [3], [4]],
  ]);
  const mask = tensor(
    [
      [false, true, true],
      [false, false, false],
    ],
    { dtype: 'bool' },
  );
  const { context, weights } = attention.forwardWithWeights(tensor([[0], [1]]), keys, { mask });
  const w = weights.toArray() as number[][];
  assert.deepEqual(w[0], [1, 0, 0]);
  expectClose(context.narrow(0, 0, 1), [[0]]);
  expectClose(weights.sum(-1), [1, 1]);
  // Changing a masked key changes nothing.
  const changed = tensor([
    [[0], [-9], [9]],
    [[2], [3], [4]],
  ]);
  expectClose(attention.forwardWithWeights(tensor([[0], [1]]), changed, { mask }).context, context);
});

/** Attention with a fixed mask as a module of (query, keys), for gradcheckModule. */
class Masked extends Module {
  constructor(
    readonly attention: BahdanauAttention,
    readonly mask: Tensor,
  ) {
    super();
  }
  forward(query: Tensor, keys: Tensor): Tensor {
    const { context, weights } = this.attention.forwardWithWeights(query, keys, { mask: this.mask });
    return context.sum(-1).add(weights.square().sum(-1));
  }
}

test('gradcheck in float64 with a mask', () => {
  const g = new Generator(41);
  const attention = new BahdanauAttention(3, 4, 5, { dtype: 'float64', generator: g });
  const mask = tensor(
    [
      [false, false, true],
      [false, false, false],
    ],
    { dtype: 'bool' },
  );
  const query = randn([2, 3], { dtype: 'float64', generator: g });
  const keys = randn([2, 3, 4], { dtype: 'float64', generator: g });
  const result = gradcheckModule(new Masked(attention, mask), (y) => y.sum(), [query, keys]);
  assert.ok(result.passed, result.table());
});

test('BahdanauAttention rejects bad shapes and masks', () => {
  const attention = new BahdanauAttention(3, 4, 5);
  const keys = zeros([2, 6, 4]);
  assert.throws(() => attention.forward(zeros([2, 2]), keys), ShapeError);
  assert.throws(
    () => attention.forward(zeros([2, 2]), keys),
    /BahdanauAttention\(queryDim=3, keyDim=4, attnDim=5\): expected query \[2, 3\], got \[2, 2\]/,
  );
  assert.throws(
    () => attention.forward(zeros([2, 3]), zeros([2, 6, 5])),
    /BahdanauAttention\(.*\): expected keys \[batch, seq, 4\], got \[2, 6, 5\]/,
  );
  assert.throws(() => attention.forwardWithWeights(zeros([2, 3]), keys, { mask: zeros([2, 6]) }), DTypeError);
  assert.throws(
    () => attention.forwardWithWeights(zeros([2, 3]), keys, { mask: zeros([2, 5], { dtype: 'bool' }) }),
    /mask must be \[2, 6\], got \[2, 5\]/,
  );
});
