import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ShapeError, ValueError } from '../../../errors.js';
import { eye, Generator, randn, type Tensor, tensor, zeros } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { Module } from '../../module.js';
import { MultiheadAttention, type MultiheadAttentionForwardOptions } from './multihead-attention.js';

const sigma1 = 1 / (1 + Math.exp(-1)); // σ(1) = 0.73106

/** A MultiheadAttention whose projections are identities, so its heads see the raw features. */
function identityAttention(embedDim: number, numHeads: number): MultiheadAttention {
  const mha = new MultiheadAttention(embedDim, numHeads);
  const i = eye(embedDim);
  mha.loadStateDict({
    inProjWeight: tensor([...i.data(), ...i.data(), ...i.data()], { shape: [3 * embedDim, embedDim] }),
    inProjBias: zeros([3 * embedDim]),
    'outProj.weight': i,
    'outProj.bias': zeros([embedDim]),
  });
  return mha;
}

test("MultiheadAttention has PyTorch's parameter layout and count", () => {
  const packed = new MultiheadAttention(8, 2);
  assert.deepEqual(
    packed.namedParameters().map(([name, p]) => [name, [...p.shape]]),
    [
      ['inProjWeight', [24, 8]],
      ['inProjBias', [24]],
      ['outProj.weight', [8, 8]],
      ['outProj.bias', [8]],
    ],
  );
  // 3·8·8 + 3·8 + 8·8 + 8 = 192 + 24 + 64 + 8
  assert.equal(packed.numParameters(), 288);
  const separate = new MultiheadAttention(8, 2, { kdim: 4, vdim: 6, bias: false });
  assert.deepEqual(
    separate.namedParameters().map(([name]) => name),
    ['qProjWeight', 'kProjWeight', 'vProjWeight', 'outProj.weight'],
  );
  // 8·8 + 8·4 + 8·6 + 8·8
  assert.equal(separate.numParameters(), 208);
});

test('two heads of size 1 with identity projections, by hand', () => {
  const mha = identityAttention(2, 2);
  const x = tensor([
    [
      [1, 0],
      [0, 1],
    ],
  ]);
  // Head 0 sees feature 0: q = k = v = [1, 0], scale 1/√1. Query 0 scores [1, 0] → weights
  // [σ(1), 1 − σ(1)], output σ(1)·1; query 1 scores [0, 0] → [½, ½], output ½. Head 1 mirrors it.
  const { output, weights } = mha.forwardWithWeights(x, x, x);
  expectClose(output, [
    [
      [sigma1, 0.5],
      [0.5, sigma1],
    ],
  ]);
  // Averaged over the heads.
  expectClose(weights!, [
    [
      [(sigma1 + 0.5) / 2, (1 - sigma1 + 0.5) / 2],
      [(0.5 + 1 - sigma1) / 2, (0.5 + sigma1) / 2],
    ],
  ]);
  const perHead = mha.forwardWithWeights(x, x, x, { averageWeights: false }).weights!;
  assert.deepEqual(perHead.shape, [1, 2, 2, 2]);
  expectClose(mha.forward(x), output);
});

test('a padded key changes nothing and gets zero weight', () => {
  const g = new Generator(1);
  const mha = new MultiheadAttention(4, 2, { generator: g });
  const x = randn([2, 3, 4], { generator: g });
  const changed = tensor([...x.data()], { shape: [2, 3, 4] });
  changed.data().fill(9, 8, 12); // sample 0, position 2
  const keyPaddingMask = tensor(
    [
      [false, false, true],
      [false, false, false],
    ],
    { dtype: 'bool' },
  );
  const a = mha.forwardWithWeights(x, x, x, { keyPaddingMask });
  const b = mha.forwardWithWeights(x, changed, changed, { keyPaddingMask });
  expectClose(b.output, a.output);
  const w = a.weights!.toArray() as number[][][];
  for (const row of w[0]!) assert.equal(row[2], 0);
  for (const row of w.flat()) expectClose([row.reduce((s, p) => s + p, 0)], [1]);
});

test('causal: the output at position t does not depend on the inputs after t', () => {
  const g = new Generator(2);
  const mha = new MultiheadAttention(4, 2, { generator: g });
  const x = randn([1, 4, 4], { generator: g });
  const later = tensor([...x.data()], { shape: [1, 4, 4] });
  later.data().fill(5, 8); // positions 2 and 3
  const a = mha.forwardWithWeights(x, x, x, { causal: true }).output;
  const b = mha.forwardWithWeights(later, later, later, { causal: true }).output;
  expectClose(a.narrow(1, 0, 2), b.narrow(1, 0, 2));
  // attnMask [L, S] does the same as causal
  const upper = tensor(
    Array.from({ length: 16 }, (_, i) => i % 4 > Math.floor(i / 4)),
    { shape: [4, 4], dtype: 'bool' },
  );
  expectClose(mha.forwardWithWeights(x, x, x, { attnMask: upper }).output, a);
});

test('a sample whose keys are all padding gives the output bias, not NaN', () => {
  const mha = new MultiheadAttention(4, 2);
  const x = randn([1, 2, 4]);
  const keyPaddingMask = tensor([[true, true]], { dtype: 'bool' });
  const { output, weights } = mha.forwardWithWeights(x, x, x, { keyPaddingMask });
  expectClose(output, zeros([1, 2, 4])); // zero attention → outProj(0) = its bias, which starts at 0
  expectClose(weights!, zeros([1, 2, 2]));
});

test('batchFirst: false takes [seq, batch, feature]; unbatched [seq, feature] works too', () => {
  const g = new Generator(4);
  const mha = new MultiheadAttention(4, 2, { generator: g });
  const seqFirst = new MultiheadAttention(4, 2, { batchFirst: false });
  seqFirst.loadStateDict(mha.stateDict());
  const x = randn([2, 3, 4], { generator: g });
  const y = mha.forward(x);
  expectClose(seqFirst.forward(x.transpose(0, 1)), y.transpose(0, 1));
  const single = mha.forwardWithWeights(x.select(0, 1), x.select(0, 1), x.select(0, 1));
  expectClose(single.output, y.select(0, 1), { rtol: 1e-5, atol: 1e-5 });
  assert.deepEqual(single.weights!.shape, [3, 3]);
});

test('cross-attention with kdim and vdim different from embedDim', () => {
  const mha = new MultiheadAttention(6, 3, { kdim: 4, vdim: 5 });
  const out = mha.forwardWithWeights(randn([2, 3, 6]), randn([2, 7, 4]), randn([2, 7, 5]));
  assert.deepEqual(out.output.shape, [2, 3, 6]);
  assert.deepEqual(out.weights!.shape, [2, 3, 7]);
});

/** Attention with fixed masks as a one-input module, for gradcheckModule. */
class Masked extends Module {
  constructor(
    readonly mha: MultiheadAttention,
    readonly options: MultiheadAttentionForwardOptions,
  ) {
    super();
  }
  forward(query: Tensor, memory: Tensor): Tensor {
    const { output, weights } = this.mha.forwardWithWeights(query, memory, memory, this.options);
    return output.add(weights!.sum(-1, true).mul(0.5).mul(output));
  }
}

test('gradcheck in float64 with a key padding mask and a causal mask', () => {
  const g = new Generator(5);
  const mha = new MultiheadAttention(4, 2, { dtype: 'float64', generator: g });
  const keyPaddingMask = tensor(
    [
      [false, false, true],
      [false, false, false],
    ],
    { dtype: 'bool' },
  );
  const x = randn([2, 3, 4], { dtype: 'float64', generator: g });
  const w = randn([2, 3, 4], { dtype: 'float64', generator: g });
  const model = new Masked(mha, { keyPaddingMask, causal: true });
  const result = gradcheckModule(model, (y) => y.mul(w).sum(), [x, x]);
  assert.ok(result.passed, result.table());
  const cross = new MultiheadAttention(4, 2, { dtype: 'float64', kdim: 3, vdim: 3, generator: g });
  const memory = randn([2, 3, 3], { dtype: 'float64', generator: g });
  const crossResult = gradcheckModule(new Masked(cross, { keyPaddingMask }), (y) => y.mul(w).sum(), [
    x,
    memory,
  ]);
  assert.ok(crossResult.passed, crossResult.table());
});

test('MultiheadAttention rejects bad sizes and masks with named errors', () => {
  assert.throws(() => new MultiheadAttention(6, 4), ValueError);
  assert.throws(() => new MultiheadAttention(6, 4), /embedDim \(6\) must be divisible by numHeads \(4\)/);
  const mha = new MultiheadAttention(4, 2);
  const x = zeros([2, 3, 4]);
  assert.throws(() => mha.forward(zeros([2, 3, 5])), ShapeError);
  assert.throws(
    () => mha.forward(zeros([2, 3, 5])),
    /MultiheadAttention\(embedDim=4, .*\): expected query \[batch, seq, 4\] or \[seq, 4\], got \[2, 3, 5\]/,
  );
  assert.throws(
    () => mha.forwardWithWeights(x, x, x, { keyPaddingMask: tensor([[true, false]], { dtype: 'bool' }) }),
    /keyPaddingMask must have shape \[2, 3\], got \[1, 2\]/,
  );
  assert.throws(() => mha.forwardWithWeights(x, x, x, { attnMask: zeros([3, 3]) }), DTypeError);
  assert.throws(
    () => mha.forwardWithWeights(x, zeros([2, 4, 4]), zeros([2, 3, 4])),
    /key and value must have the same length/,
  );
});
